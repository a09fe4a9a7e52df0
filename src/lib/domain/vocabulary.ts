/**
 * The closed vocabularies of a petition item, with their Chinese labels.
 * Codes are what the database stores (and checks); labels are what people read.
 */

export const channels = {
	letter: '来信',
	visit: '来访',
	online: '网上信访',
	phone: '电话',
	video: '视频信访',
	mailbox: '领导信箱',
	hotline: '12345转办'
} as const;
export type Channel = keyof typeof channels;

export const categories = {
	land: '征地拆迁',
	labour: '劳动社保',
	housing: '城乡建设',
	legal: '涉法涉诉',
	rural: '农村农业',
	environment: '生态环境',
	health: '卫生健康',
	education: '教育',
	civil: '民政',
	enterprise: '企业改制',
	discipline: '党纪政纪',
	other: '其他'
} as const;
export type Category = keyof typeof categories;

export const itemTypes = {
	proposal: '建议意见类',
	complaint: '检举控告类',
	appeal: '申诉求决类'
} as const;
export type ItemType = keyof typeof itemTypes;

export const statuses = {
	registered: '登记',
	routed: '转送交办',
	accepted: '受理',
	rejected: '不予受理',
	handling: '办理中',
	concluded: '办结',
	review: '复查',
	recheck: '复核',
	closed: '终结',
	diverted: '导入其他程序'
} as const;
export type Status = keyof typeof statuses;

/**
 * 诉访分离: the six tracks a 申诉求决类 item can take; only `petition` runs on the petition clocks.
 * The labels say where an item went when it left the petition procedure.
 */
export const tracks = {
	petition: '信访程序',
	litigation: '诉讼、复议、检察、公安等法定途径（涉法涉诉）',
	arbitration: '仲裁程序',
	party: '党员申诉程序',
	administrative: '行政程序',
	duty: '依法履职程序'
} as const;
export type Track = keyof typeof tracks;

export const satisfactions = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const;
export type Satisfaction = keyof typeof satisfactions;

export const unitKinds = { party: '党委', government: '行政' } as const;
export type UnitKind = keyof typeof unitKinds;

export const regionLevels = { province: '省', city: '市', county: '县' } as const;
export type RegionLevel = keyof typeof regionLevels;

export const codesOf = <T extends object>(vocabulary: T) => Object.keys(vocabulary) as (keyof T)[];
