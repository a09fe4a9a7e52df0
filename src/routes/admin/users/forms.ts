import * as v from 'valibot';
import { roles, type Role } from '$lib/domain/access.ts';
import { adcode, idOf, line, newUsername, password } from '$lib/validation.ts';

/** The account forms of /admin/users. Role-specific fields (unit, screen) are checked once the role is known. */
const role = v.picklist(Object.keys(roles) as Role[], '请选择有效的角色');
const optional = v.optional(v.string('字段必须是文本'));

export const CreateForm = v.object({
	username: newUsername,
	displayName: line('姓名', 40),
	role,
	scope: adcode('管辖区域'),
	unitId: optional,
	screenName: optional,
	password
});

export const UpdateForm = v.object({
	userId: idOf('账号'),
	displayName: line('姓名', 40),
	role,
	scope: adcode('管辖区域'),
	unitId: optional,
	screenName: optional
});

export const PasswordForm = v.object({ userId: idOf('账号'), password });
export const AccountForm = v.object({ userId: idOf('账号') });
/** 单位负责人: a unit account that may approve its own unit's extensions (第33条). */
export const UnitHeadForm = v.object({ userId: idOf('账号'), head: v.picklist(['yes', 'no'], '请选择是否为单位负责人') });
export const UnitField = v.object({ unitId: idOf('承办单位') });
export const ScreenField = v.object({ screenName: line('大屏名称', 40) });

/** A new 责任单位 within the admin's scope. */
export const UnitForm = v.object({
	name: line('单位名称', 60),
	region: adcode('所属区域'),
	kind: v.picklist(['party', 'government'], '请选择单位性质（党委或行政）'),
	sector: line('系统/行业', 20)
});
