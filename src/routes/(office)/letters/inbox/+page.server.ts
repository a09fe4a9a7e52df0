import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { letterKinds } from '$lib/domain/letter-rules.ts';
import { letterStatuses } from '$lib/domain/letters.ts';
import { letterRegister } from '$lib/server/letters/queries.ts';
import { runtime } from '$lib/server/runtime.ts';

/**
 * 收件箱: the letters the account's own unit receives (signs for and answers), open ones first, and
 * apart the letters only copied to it (抄送: a 问责建议函 about it, addressed to its authority),
 * read-only; the page listens for new ones.
 */
export async function load({ locals, depends }) {
	const user = locals.user!;
	if (!can(user, 'letters.respond') || user.unitId === null) error(403, '只有承办单位账号有收件箱');
	depends('letters:inbox');
	const rows = await letterRegister(runtime().sql, user, { kind: null, unitId: null, status: null, from: null, to: null, q: null }, { limit: 200, offset: 0 });
	const done = (s: string) => s === 'closed' || s === 'void';
	const received = rows.filter((r) => r.receiverId === user.unitId);
	const open = received.filter((r) => !done(r.status));
	return {
		unitId: user.unitId,
		open,
		closed: received.filter((r) => done(r.status)).slice(0, 50),
		copies: rows.filter((r) => r.receiverId !== user.unitId).slice(0, 50),
		kinds: letterKinds,
		statuses: letterStatuses,
		unsigned: open.filter((r) => !r.signedAt).length
	};
}
