import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { snapshotList } from '$lib/server/meetings/read.ts';
import { planReplay } from '$lib/server/replay/replay.ts';
import { runtime } from '$lib/server/runtime.ts';
import { adcode, localDateTime, validate } from '$lib/validation.ts';
import { formatInstant, localInput } from '$lib/time.ts';

const at = formatInstant;
const input = localInput;

/** 回放: any past window of the feed on the wall, from the durable outbox; the live wall is untouched. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'screen.replay')) error(403, '您的账号无权回放态势');
	const sql = runtime().sql;
	const region = url.searchParams.get('region') ?? user.scope;
	const r = validate(adcode('回放地区'), region);
	if (!r.ok) error(400, r.message);
	// the frozen snapshots a replay can start from: the meetings' list of them
	const anchors = await snapshotList(sql, user.scope);
	const base = { anchors: anchors.filter((a) => regionInScope(user.scope, a.region)).map((a) => ({ id: a.id, name: a.name, region: a.region, takenAt: at(a.takenAt), input: input(a.takenAt) })), region, now: input(new Date()) };
	const from = url.searchParams.get('from');
	const to = url.searchParams.get('to');
	if (from === null || to === null) return { ...base, plan: null, refusal: null };
	const speed = validate(v.pipe(v.string(), v.transform(Number), v.number('回放倍速应为数字'), v.integer('回放倍速应为整数'), v.minValue(1, '回放倍速应在 1–600 之间'), v.maxValue(600, '回放倍速应在 1–600 之间')), url.searchParams.get('speed') ?? '60');
	const f = validate(localDateTime('回放开始时间'), from);
	const t = validate(localDateTime('回放结束时间'), to);
	const bad = !f.ok ? { field: 'from', message: f.message } : !t.ok ? { field: 'to', message: t.message } : !speed.ok ? { field: 'speed', message: speed.message } : null;
	if (bad || !f.ok || !t.ok || !speed.ok) return { ...base, plan: null, refusal: bad };
	const plan = await planReplay(sql, user.scope, region, f.data, t.data);
	if ('refused' in plan) return { ...base, plan: null, refusal: { field: plan.field, message: plan.refused } };
	return {
		...base,
		refusal: null,
		plan: { anchor: { ...plan.anchor, takenAt: at(plan.anchor.takenAt) }, start: plan.start, fromSeq: plan.fromSeq, toSeq: plan.toSeq, events: plan.events, from: f.data.toISOString(), to: t.data.toISOString(), speed: speed.data, fromInput: from, toInput: to }
	};
}
