import { parseKeyring, setKeyring, hasKeyring, KEY_FILE_FORMAT } from '../../src/lib/server/personal-data/keyring.ts';

/**
 * The tests' personal-data key file: fixed, so a test process and the servers it starts seal and
 * index alike (a server gets it as PERSONAL_DATA_KEY). For tests only; a deployment makes its own.
 */
export const TEST_KEY_FILE = JSON.stringify({
	format: KEY_FILE_FORMAT,
	current: 1,
	keys: { '1': '7a4d9aede3cf37f498ee427feb9b95e56f026d4a10d5c4c1e315c7b39a34acbf' },
	index: 'b366205d16e13600264e7de3d8348fa6787a3e1f02a806e83b72097b52373e08'
});

/** Installs the test keyring in this process unless one is already there. */
export function useTestKeyring(): void {
	if (!hasKeyring()) setKeyring(parseKeyring(TEST_KEY_FILE, '测试密钥'));
}
