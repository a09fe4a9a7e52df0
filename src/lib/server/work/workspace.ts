import type { Principal } from '../../domain/access.ts';
import type { Config } from '../../domain/clocks.ts';
import type { Sql } from '../db/connection.ts';
import { regionsInScope, unitsInScope } from './pickers.ts';
import { atRiskRows, groupWarnings, queueCounts, queueRows, stuckCases, type Filters, type Queue } from './queues.ts';

/**
 * What the 督查督办 workspace reads for one queue and page: every queue's count, the group-visit
 * warnings, the pickers' units and regions, and the page (one more row than asked: is there a
 * next?), all at once. The forecast behind 预测逾期 runs once, for its count and its page.
 */
export async function readWorkspace(sql: Sql, user: Principal, queue: Queue, filters: Filters, config: Config, now: Date, page: { limit: number; offset: number }) {
	const atRisk = atRiskRows(sql, user, filters, config, now);
	const [counts, warnings, units, regions, rows, cases] = await Promise.all([
		queueCounts(sql, user, filters, config, now, atRisk),
		groupWarnings(sql, user, config, now),
		unitsInScope(sql, user),
		regionsInScope(sql, user.scope),
		queue === 'cases' ? [] : queueRows(sql, user, queue, filters, config, now, { limit: page.limit + 1, offset: page.offset }, atRisk),
		queue === 'cases' ? stuckCases(sql, user, now).then((all) => all.slice(page.offset, page.offset + page.limit + 1)) : []
	]);
	return { counts, warnings, units, regions, rows, cases };
}
