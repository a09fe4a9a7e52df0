import { error, redirect } from '@sveltejs/kit';
import { can, mayResetPassword, regionInScope } from '$lib/domain/access.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { hashPassword } from '$lib/server/auth/password.ts';
import { replacePassword } from '$lib/server/auth/password-history.ts';
import { passwordProblem } from '$lib/domain/password-policy.ts';
import { invalidateUserSessions } from '$lib/server/auth/session.ts';
import { runtime } from '$lib/server/runtime.ts';
import { regionLevel } from '$lib/server/screen/regions.ts';
import { accountsWithin, regionsWithin, unitsWithin } from './accounts.server.ts';
import { assignmentWithin, parse, Refused, run, targetWithin, transaction } from './checks.server.ts';
import { insertAccount, insertUnit, setDisabled, setUnitHead, updateAccount, usernameTaken } from './writes.server.ts';
import { AccountForm, CreateForm, PasswordForm, UnitForm, UnitHeadForm, UpdateForm } from './forms.ts';
import type { RequestEvent } from './$types';

export async function load({ locals }) {
	const admin = locals.user;
	if (!admin || !can(admin, 'users.manage')) error(403, '您的账号无权管理用户');
	const { sql } = runtime();
	const [accounts, regions, units] = await Promise.all([
		accountsWithin(sql, admin.scope),
		regionsWithin(sql, admin.scope),
		unitsWithin(sql, admin.scope)
	]);
	return { accounts, regions, units, me: admin.userId };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

export const actions = {
	create: (event) =>
		run('create', event, async (admin, form) => {
			const input = parse(CreateForm, form);
			const named = passwordProblem(input.password, { username: input.username });
			if (named) throw new Refused(400, 'password', named);
			const { sql } = runtime();
			const passwordHash = await hashPassword(input.password);
			await transaction(sql, async (tx) => {
				const assignment = await assignmentWithin(tx, admin, input);
				if (await usernameTaken(tx, input.username)) throw new Refused(409, 'username', `用户名 ${input.username} 已被使用`);
				const id = await insertAccount(tx, { username: input.username, displayName: input.displayName, passwordHash }, assignment);
				await audit(tx, {
					userId: admin.userId,
					username: admin.username,
					action: 'user.create',
					target: input.username,
					detail: { userId: id, displayName: input.displayName, ...assignment },
					ip: event.getClientAddress()
				});
			}).catch((e) => {
				// two submissions racing past the check above meet the unique index instead
				throw isUniqueViolation(e) ? new Refused(409, 'username', `用户名 ${input.username} 已被使用`) : e;
			});
			return `已创建账号 ${input.username}：初始密码请当面告知本人，首次登录须修改`;
		}),

	update: (event) =>
		run('update', event, async (admin, form) => {
			const input = parse(UpdateForm, form);
			const { sql, endSessions } = runtime();
			const ended = await transaction(sql, async (tx) => {
				const before = await targetWithin(tx, admin, input.userId);
				const after = { displayName: input.displayName, ...(await assignmentWithin(tx, admin, input)) };
				const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => after[k] !== before[k]);
				if (changed.length === 0) return null;
				// what an account may see changes: its sessions (and sockets) end now, not at expiry
				const reach = changed.some((k) => k === 'role' || k === 'scope' || k === 'unitId');
				if (reach && before.id === admin.userId) throw new Refused(400, 'role', '不能修改自己的角色、管辖区域或单位');
				await updateAccount(tx, before.id, after);
				const ids = reach ? await invalidateUserSessions(tx, before.id) : [];
				await audit(tx, {
					userId: admin.userId,
					username: admin.username,
					action: 'user.update',
					target: before.username,
					detail: {
						userId: before.id,
						from: Object.fromEntries(changed.map((k) => [k, before[k]])),
						to: Object.fromEntries(changed.map((k) => [k, after[k]])),
						sessionsEnded: ids.length
					},
					ip: event.getClientAddress()
				});
				return { username: before.username, ids };
			});
			if (!ended) return '没有需要保存的修改';
			endSessions(ended.ids);
			return ended.ids.length ? `已保存 ${ended.username}，其 ${ended.ids.length} 个会话已结束` : `已保存 ${ended.username}`;
		}),

	resetPassword: (event) =>
		run('resetPassword', event, async (admin, form) => {
			const input = parse(PasswordForm, form);
			const { sql, endSessions } = runtime();
			const passwordHash = await hashPassword(input.password);
			const { username, ids, self } = await transaction(sql, async (tx) => {
				const target = await targetWithin(tx, admin, input.userId);
				if (!mayResetPassword(admin, target)) throw new Refused(403, 'userId', '不能重置同级管理员的密码：请由上级管理员重置，或由本人在“修改密码”中修改');
				const named = passwordProblem(input.password, { username: target.username });
				if (named) throw new Refused(400, 'password', named);
				// someone else's password, known to the admin: its owner must choose a new one at next sign-in
				await replacePassword(tx, target.id, passwordHash, target.id !== admin.userId);
				const ids = await invalidateUserSessions(tx, target.id);
				await audit(tx, {
					userId: admin.userId,
					username: admin.username,
					action: 'user.password_reset',
					target: target.username,
					detail: { userId: target.id, sessionsEnded: ids.length },
					ip: event.getClientAddress()
				});
				return { username: target.username, ids, self: target.id === admin.userId };
			});
			endSessions(ids);
			if (self) redirect(303, '/login'); // the admin's own session ended with the others
			return `已重置 ${username} 的密码，请当面告知本人`;
		}),

	/** 单位负责人: marks a unit account as its unit's head, who may approve the unit's extensions. */
	unitHead: (event) =>
		run('unitHead', event, async (admin, form) => {
			const input = parse(UnitHeadForm, form);
			const { sql } = runtime();
			return transaction(sql, async (tx) => {
				const target = await targetWithin(tx, admin, input.userId);
				if (target.role !== 'unit') throw new Refused(400, 'userId', '只有承办单位账号可以设为单位负责人');
				await setUnitHead(tx, target.id, input.head === 'yes');
				await audit(tx, {
					userId: admin.userId,
					username: admin.username,
					action: 'user.update',
					target: target.username,
					detail: { userId: target.id, to: { unitHead: input.head === 'yes' } },
					ip: event.getClientAddress()
				});
				return input.head === 'yes' ? `已将 ${target.username} 设为单位负责人（可批准本单位延期）` : `${target.username} 不再是单位负责人`;
			});
		}),

	disable: (event) => switchAccount('disable', event),
	enable: (event) => switchAccount('enable', event),

	createUnit: (event) =>
		run('createUnit', event, async (admin, form) => {
			const input = parse(UnitForm, form);
			if (Array.from(input.name).length < 2) throw new Refused(400, 'name', '单位名称至少 2 个字符');
			const { sql } = runtime();
			await transaction(sql, async (tx) => {
				if (!(await regionLevel(tx, input.region)) || !regionInScope(admin.scope, input.region))
					throw new Refused(400, 'region', '所属区域不存在，或不在您的管理范围内');
				const id = await insertUnit(tx, input);
				await audit(tx, {
					userId: admin.userId,
					username: admin.username,
					action: 'unit.create',
					target: input.name,
					detail: { unitId: id, ...input },
					ip: event.getClientAddress()
				});
			}).catch((e) => {
				throw isUniqueViolation(e) ? new Refused(409, 'name', `该区域已有名为 ${input.name} 的单位`) : e;
			});
			return `已新建单位 ${input.name}`;
		})
};

/** 停用 ends every session at once (this is how a display account is revoked); 启用 lets the account sign in again. */
function switchAccount(name: 'disable' | 'enable', event: RequestEvent) {
	return run(name, event, async (admin, form) => {
		const { userId } = parse(AccountForm, form);
		const { sql, endSessions } = runtime();
		const { username, ids } = await transaction(sql, async (tx) => {
			const target = await targetWithin(tx, admin, userId);
			if (name === 'disable' && target.id === admin.userId) throw new Refused(400, 'userId', '不能停用自己的账号');
			if (target.disabled === (name === 'disable')) throw new Refused(409, 'userId', name === 'disable' ? '该账号已是停用状态' : '该账号已是启用状态');
			await setDisabled(tx, target.id, name === 'disable' ? new Date() : null);
			const ids = name === 'disable' ? await invalidateUserSessions(tx, target.id) : [];
			await audit(tx, {
				userId: admin.userId,
				username: admin.username,
				action: name === 'disable' ? 'user.disable' : 'user.enable',
				target: target.username,
				detail: { userId: target.id, sessionsEnded: ids.length },
				ip: event.getClientAddress()
			});
			return { username: target.username, ids };
		});
		endSessions(ids);
		return name === 'disable' ? `已停用 ${username}，其会话已全部结束` : `已启用 ${username}`;
	});
}
