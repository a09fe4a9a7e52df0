import { hash, verify } from '@node-rs/argon2';

// argon2id with the OWASP minimum: 19 MiB, 2 passes, 1 lane
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

/** Always does the work, even for an unknown account, so timing does not tell who exists. */
let decoy: Promise<string> | null = null;
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
	if (!passwordHash) {
		decoy ??= hashPassword('liaowang-decoy-password');
		await verify(await decoy, password).catch(() => false);
		return false;
	}
	return verify(passwordHash, password).catch(() => false);
}
