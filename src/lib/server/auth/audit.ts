import type { Db, Sql } from '../db/connection.ts';

/** The audit actions, named so a reader of the log knows what happened. */
export type AuditAction =
	| 'auth.sign_in'
	| 'auth.sign_in_failed'
	| 'auth.sign_in_limited'
	| 'auth.sign_out'
	| 'personal.unmask'
	| 'personal.unmask_limited'
	| 'personal.unmask_alert'
	| 'personal.search'
	| 'personal.search_limited'
	| 'user.create'
	| 'user.update'
	| 'user.password_reset'
	| 'user.password_change'
	| 'user.disable'
	| 'user.enable'
	| 'unit.create'
	| 'access.denied'
	| 'item.register'
	| 'item.transition'
	| 'item.evaluation_link'
	| 'item.document'
	| 'import.commit'
	| 'api_client.create'
	| 'api_client.disable'
	| 'clock.extend'
	| 'clock.pause'
	| 'clock.resume'
	| 'rules.update'
	| 'layout.save'
	| 'layout.reset'
	| 'case.note'
	| 'case.status'
	| 'case.create'
	| 'case.assign'
	| 'reception.record'
	| 'leader.create'
	| 'letter.issue'
	| 'letter.sign'
	| 'letter.reply'
	| 'letter.close'
	| 'letter.reject'
	| 'letter.void'
	| 'meeting.freeze'
	| 'meeting.create'
	| 'meeting.agenda'
	| 'meeting.decide'
	| 'meeting.follow_up'
	| 'meeting.held'
	| 'meeting.export';

export type AuditEntry = {
	userId?: number | null;
	username?: string | null;
	action: AuditAction;
	target?: string | null;
	detail?: Record<string, unknown>;
	ip?: string | null;
};

/** Appends one entry (the table refuses updates and deletes). Pass the transaction to keep it atomic with the change. */
export async function audit(sql: Db, entry: AuditEntry): Promise<void> {
	await sql`
		insert into audit_log (user_id, username, action, target, detail, ip)
		values (${entry.userId ?? null}, ${entry.username ?? null}, ${entry.action}, ${entry.target ?? null},
		        ${sql.json((entry.detail ?? {}) as never)}, ${entry.ip ?? null})`;
}
