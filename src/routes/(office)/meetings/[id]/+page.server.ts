import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { agendaKinds } from '$lib/domain/agenda.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { latestJobs, startBriefing } from '$lib/server/meetings/briefing/jobs.ts';
import { meetingOf, meetingStatuses } from '$lib/server/meetings/read.ts';
import { addAgendaItem, editAgendaItem, markHeld, moveAgendaItem, recordDecision, unitsFor } from '$lib/server/meetings/write.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, validate } from '$lib/validation.ts';
import { AgendaAdd, AgendaEdit, AgendaMove, DecisionForm, readValid } from '../forms.ts';
import { meetingView } from '$lib/server/meetings/view.ts';
import { localDay } from '$lib/time.ts';

const MeetingId = idOf('会议编号');
const NOT_FOUND = '没有找到该会议';

export async function load({ locals, params }) {
	const user = locals.user!;
	if (!can(user, 'meetings.view')) error(403, '您的账号无权查看联席会议');
	const id = validate(MeetingId, params.id);
	if (!id.ok) error(400, id.message);
	const sql = runtime().sql;
	const m = await meetingOf(sql, user, id.data);
	if (!m) error(404, NOT_FOUND);
	const view = await meetingView(sql, user, m, new Date());
	return {
		...view,
		statusLabel: meetingStatuses[m.status],
		kinds: agendaKinds,
		units: can(user, 'meetings.prepare') ? await unitsFor(sql, m.region) : [],
		jobs: await latestJobs(sql, m.id),
		canPrepare: can(user, 'meetings.prepare')
	};
}

/** Who may, which meeting. */
async function prepare(locals: App.Locals, params: { id: string }) {
	const user = locals.user;
	if (!user || !can(user, 'meetings.prepare')) return { refusal: fail(user ? 403 : 401, { field: '', message: '您的账号无权编辑联席会议' }) } as const;
	const id = validate(MeetingId, params.id);
	if (!id.ok) return { refusal: fail(400, { field: 'id', message: id.message }) } as const;
	const m = await meetingOf(runtime().sql, user, id.data);
	if (!m) return { refusal: fail(404, { field: 'id', message: NOT_FOUND }) } as const;
	return { user, m } as const;
}

const missingItem = () => fail(404, { field: 'item', message: '没有找到该议程' });

export const actions = {
	agendaEdit: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params);
		if ('refusal' in p) return p.refusal;
		const f = await readValid(request, AgendaEdit);
		if ('refusal' in f) return f.refusal;
		const ok = await transaction(runtime().sql, async (tx) => {
			if (!(await editAgendaItem(tx, p.m.id, f.data.item, f.data))) return false;
			await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'meeting.agenda', target: String(p.m.id), detail: { op: 'edit', item: f.data.item }, ip: getClientAddress() });
			return true;
		});
		return ok ? { field: '', message: '议程已保存' } : missingItem();
	},
	agendaMove: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params);
		if ('refusal' in p) return p.refusal;
		const f = await readValid(request, AgendaMove);
		if ('refusal' in f) return f.refusal;
		const ok = await transaction(runtime().sql, async (tx) => {
			if (!(await moveAgendaItem(tx, p.m.id, f.data.item, f.data.direction))) return false;
			await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'meeting.agenda', target: String(p.m.id), detail: { op: 'move', item: f.data.item, direction: f.data.direction }, ip: getClientAddress() });
			return true;
		});
		return ok ? { field: '', message: '议程顺序已调整' } : fail(409, { field: 'direction', message: '该议程已在最前或最后' });
	},
	agendaAdd: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params);
		if ('refusal' in p) return p.refusal;
		const f = await readValid(request, AgendaAdd);
		if ('refusal' in f) return f.refusal;
		await transaction(runtime().sql, async (tx) => {
			const item = await addAgendaItem(tx, p.m.id, f.data);
			await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'meeting.agenda', target: String(p.m.id), detail: { op: 'add', item }, ip: getClientAddress() });
		});
		return { field: '', message: '议题已添加' };
	},
	decide: async ({ locals, params, request, getClientAddress }) => {
		const p = await prepare(locals, params);
		if ('refusal' in p) return p.refusal;
		const f = await readValid(request, DecisionForm);
		if ('refusal' in f) return f.refusal;
		const sql = runtime().sql;
		const units = await unitsFor(sql, p.m.region);
		if (!units.some((u) => u.id === f.data.unitId)) return fail(400, { field: 'unitId', message: '责任单位不在本次会议的地区内' });
		const heldDay = localDay(p.m.heldAt);
		if (f.data.due < heldDay) return fail(400, { field: 'due', message: '办理期限不能早于会议召开日期' });
		const id = await transaction(sql, async (tx) => {
			const id = await recordDecision(tx, p.m.id, p.user.userId, { agendaItemId: f.data.item, ...f.data }, new Date());
			if (id) await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'meeting.decide', target: String(id), detail: { meeting: p.m.id, item: f.data.item, unit: f.data.unitId, due: f.data.due }, ip: getClientAddress() });
			return id;
		});
		return id ? { field: '', message: '会议决定已记录，已转为督办事项' } : missingItem();
	},
	held: async ({ locals, params, getClientAddress }) => {
		const p = await prepare(locals, params);
		if ('refusal' in p) return p.refusal;
		if (p.m.status === 'held') return fail(409, { field: '', message: '会议已标记为已召开' });
		await transaction(runtime().sql, async (tx) => {
			await markHeld(tx, p.m.id);
			await audit(tx, { userId: p.user.userId, username: p.user.username, action: 'meeting.held', target: String(p.m.id), ip: getClientAddress() });
		});
		return { field: '', message: '会议已召开，可生成纪要' };
	},
	briefing: async ({ locals, params, getClientAddress }) => exportJob(locals, params, 'briefing', getClientAddress()),
	minutes: async ({ locals, params, getClientAddress }) => exportJob(locals, params, 'minutes', getClientAddress())
};

async function exportJob(locals: App.Locals, params: { id: string }, kind: 'briefing' | 'minutes', ip: string) {
	const p = await prepare(locals, params);
	if ('refusal' in p) return p.refusal;
	if (kind === 'minutes' && p.m.status !== 'held') return fail(409, { field: '', message: '会议召开后才能生成纪要' });
	const job = await startBriefing(runtime(), p.user, p.m, kind, ip);
	return { field: '', message: kind === 'briefing' ? '简报生成中' : '纪要生成中', job };
}
