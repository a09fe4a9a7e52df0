// Shared by the operations commands: timestamped progress lines, one Chinese line on failure, exit codes.
import { OpsError } from '../src/lib/server/ops/ops-error.ts';
import { StartupError } from '../src/lib/server/startup-error.ts';

export function option(name: string, fallback: string): string {
	const arg = process.argv.slice(2).find((a) => a.startsWith(`--${name}=`));
	return arg ? arg.slice(name.length + 3) : fallback;
}

// output piped into `head` or a closed terminal must not kill the command halfway (and leave a database running)
process.stdout.on('error', () => {});

const log = (message: string) => console.log(`[${new Date().toTimeString().slice(0, 8)}] ${message}`);

export async function runCommand(what: string, body: (log: (m: string) => void) => Promise<void>): Promise<void> {
	try {
		await body(log);
		process.exit(0);
	} catch (error) {
		if (error instanceof OpsError || error instanceof StartupError) console.error(`${what}失败：${error.message}。${error.hint}。`);
		else console.error(`${what}失败：${(error as Error).message}`);
		process.exit(1);
	}
}
