import type { AuditAction } from '$lib/server/auth/audit.ts';

/** Every audit action with its Chinese name; a Record, so a new action without a name fails the type check. */
export const actionLabels: Record<AuditAction, string> = {
	'auth.sign_in': '登录',
	'auth.sign_in_failed': '登录失败',
	'auth.sign_in_limited': '登录受限',
	'auth.sign_out': '退出登录',
	'personal.unmask': '查看个人信息',
	'user.create': '创建账号',
	'user.update': '修改账号',
	'user.password_reset': '重置密码',
	'user.disable': '停用账号',
	'user.enable': '启用账号',
	'unit.create': '创建单位',
	'access.denied': '越权访问被拒',
	'item.register': '登记信访事项',
	'import.commit': '导入台账',
	'api_client.create': '创建接口客户端',
	'api_client.disable': '停用接口客户端',
	'clock.extend': '批准延期',
	'clock.pause': '中止计时（听证）',
	'clock.resume': '恢复计时',
	'rules.update': '修改时限规则',
	'case.note': '记录包案进展',
	'case.status': '更改包案状态',
	'letter.issue': '签发函件',
	'letter.sign': '签收函件',
	'letter.reply': '函件反馈',
	'letter.close': '函件办结',
	'letter.reject': '退回反馈'
};
