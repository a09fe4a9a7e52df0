import { regionInScope } from '../../domain/access.ts';
import { alertDue, UNMASK_ALERT_PER_HOUR, unmaskAlerts, type UnmaskAlert, type UnmaskCount } from '../../domain/unmask.ts';
import type { Sql } from '../db/connection.ts';
import { audit } from './audit.ts';
import type { SessionUser } from './session.ts';

/**
 * 查看完整信息 watched (domain/unmask.ts): counted from the audit log over the last hour, so every
 * node sees the same. An account over the line gets one `personal.unmask_alert` entry an hour —
 * which /admin/status lists — and, when a webhook is configured (LETTER_WEBHOOK_URL, the office's
 * SMS gateway), one notice through the notification queue the letters use.
 */
export async function unmaskCountsLastHour(sql: Sql, userId?: number): Promise<(UnmaskCount & { scope: string; alerted: boolean })[]> {
	return sql<(UnmaskCount & { scope: string; alerted: boolean })[]>`
		select a.user_id as "userId", u.username, u.display_name as "displayName", u.scope_region as scope,
		       count(*) filter (where a.action = 'personal.unmask')::int as "lastHour",
		       count(*) filter (where a.action = 'personal.unmask_limited')::int as limited,
		       bool_or(a.action = 'personal.unmask_alert') as alerted
		  from audit_log a join app_user u on u.id = a.user_id
		 where a.action in ('personal.unmask', 'personal.unmask_limited', 'personal.unmask_alert')
		   and a.at > now() - interval '1 hour'
		   ${userId === undefined ? sql`` : sql`and a.user_id = ${userId}`}
		 group by a.user_id, u.username, u.display_name, u.scope_region`;
}

/** After an unmasking or a refusal: raises the alert once an hour when the account is over the line. Returns whether it did. */
export async function watchUnmask(sql: Sql, user: SessionUser, ip: string, webhookUrl: string | undefined): Promise<boolean> {
	const [count] = await unmaskCountsLastHour(sql, user.userId);
	if (!count || !alertDue(count, count.alerted)) return false;
	const [alert] = unmaskAlerts([count]);
	await sql.begin(async (tx) => {
		// one alert an hour per account, even when two nodes see the line crossed at once
		await tx`select pg_advisory_xact_lock(hashtext('liaowang.unmask_alert'), ${user.userId})`;
		const [again] = await tx`select 1 from audit_log where user_id = ${user.userId} and action = 'personal.unmask_alert' and at > now() - interval '1 hour'`;
		if (again) return;
		await audit(tx as unknown as Sql, { userId: user.userId, username: user.username, action: 'personal.unmask_alert', detail: { lastHour: count.lastHour, limited: count.limited, line: UNMASK_ALERT_PER_HOUR, why: alert.why }, ip });
		if (webhookUrl) {
			const text = `【瞭望安全提醒】账号 ${user.username}（${user.displayName}）${alert.why}，请核实是否为正常工作需要。`;
			const body = { event: 'personal.unmask_alert', username: user.username, displayName: user.displayName, lastHour: count.lastHour, limited: count.limited, line: UNMASK_ALERT_PER_HOUR, text };
			await tx`insert into notification (channel, target, subject, body) values ('webhook', ${webhookUrl}, ${'查看个人信息异常提醒：' + user.username}, ${tx.json(body as never)})`;
		}
	});
	return true;
}

/** The alerts /admin/status shows: accounts within the viewer's scope over the line in the last hour. */
export async function unmaskAlertsFor(sql: Sql, scope: string): Promise<UnmaskAlert[]> {
	const counts = await unmaskCountsLastHour(sql);
	return unmaskAlerts(counts.filter((c) => regionInScope(scope, c.scope)));
}
