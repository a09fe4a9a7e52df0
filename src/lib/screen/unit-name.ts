/** The short forms offices use for departments' long names (住房和城乡建设局 → 住建局). */
const SHORT: [RegExp, string][] = [
	[/住房和城乡建设(局|委员会)$/, '住建$1'],
	[/人力资源和社会保障局$/, '人社局'],
	[/自然资源和规划局$/, '自规局'],
	[/市场监督管理局$/, '市场监管局'],
	[/卫生健康委员会$/, '卫健委'],
	[/交通运输局$/, '交通局'],
	[/综合行政执法局$/, '综合执法局'],
	[/国有资产监督管理委员会$/, '国资委'],
	[/纪律检查委员会$/, '纪委'],
	[/发展和改革委员会$/, '发改委'],
	[/教育和体育局$/, '教体局'],
	[/文化和旅游局$/, '文旅局'],
	[/退役军人事务局$/, '退役军人局']
];

/**
 * A unit's name as the wall shows it in a narrow column: the department's standard short form,
 * the place kept (济南市章丘区住房和城乡建设局 → 济南市章丘区住建局). Names without a short form stay whole.
 */
export function shortUnitName(name: string): string {
	for (const [long, short] of SHORT) if (long.test(name)) return name.replace(long, short);
	return name;
}
