/** Summaries (事项摘要) and 包案 wording. Places and companies are always 某: nothing real is named. */
import type { Category } from '../../domain/vocabulary.ts';
import type { Random } from './random.ts';

const SUMMARIES: Record<Category, string[]> = {
	land: ['反映{place}征地补偿标准过低，要求按新标准补偿', '反映{place}房屋拆迁安置未落实，要求尽快安置', '反映集体土地被违规占用，要求依法处理', '反映征地补偿款被截留，要求查清并足额发放', '反映{place}拆迁评估结果不公，要求重新评估'],
	labour: ['反映{company}拖欠工资约{money}万元，要求支付', '反映工程项目拖欠农民工工资，涉及{workers}人', '反映社保缴费年限认定有误，要求更正', '反映工伤认定及待遇落实问题', '反映{company}未依法缴纳社会保险'],
	housing: ['反映所购{estate}商品房逾期交付，要求开发商交房', '反映{estate}物业服务不到位', '反映{estate}房产证迟迟未能办理', '反映老旧小区改造施工质量问题', '反映住房保障申请未获批准'],
	legal: ['对法院判决不服，要求再审', '反映案件执行不到位，要求督促执行', '反映公安机关对报案不予立案', '反映民间借贷纠纷处理不公', '反映交通事故责任认定有异议'],
	rural: ['反映村集体财务不公开', '反映土地承包经营权纠纷', '反映{place}村务管理不规范', '反映农业补贴未足额发放', '反映宅基地纠纷'],
	environment: ['反映{company}排放异味，影响周边居民生活', '反映夜间施工噪声扰民', '反映{place}河道污染问题', '反映养殖场污染问题', '反映餐饮油烟扰民'],
	health: ['反映医疗纠纷处理问题', '反映医保报销问题', '对医疗事故鉴定结论有异议', '反映乡村医生待遇问题'],
	education: ['反映子女入学问题', '反映学校违规收费', '反映教师待遇落实问题', '反映校外培训机构退费问题'],
	civil: ['反映低保资格认定问题', '反映养老机构服务问题', '申请临时救助', '反映残疾人补贴发放问题', '反映退役军人待遇落实问题'],
	enterprise: ['反映企业改制中职工安置问题', '反映改制企业职工身份置换补偿未落实', '反映破产企业职工债权清偿问题', '反映改制企业退休职工待遇问题'],
	discipline: ['反映{place}村干部优亲厚友问题', '检举基层干部违规收受礼金', '反映基层干部作风粗暴', '检举村干部侵占集体资金'],
	other: ['对城市管理提出建议', '反映道路交通出行问题', '反映邻里纠纷问题', '咨询相关政策问题', '对公共服务提出意见建议']
};

const PLACES = ['某村', '某社区', '某街道', '某镇', '某片区'];
const COMPANIES = ['某建筑公司', '某劳务公司', '某化工企业', '某物流公司', '某食品厂', '某纺织企业'];
const ESTATES = ['某小区', '某花园小区', '某家园小区', '某新城项目'];

/** A one-line summary; group matters say how many came. */
export function summary(rng: Random, category: Category, headcount: number): string {
	const text = rng
		.pick(SUMMARIES[category])
		.replace('{place}', rng.pick(PLACES))
		.replace('{company}', rng.pick(COMPANIES))
		.replace('{estate}', rng.pick(ESTATES))
		.replace('{money}', String(rng.int(2, 300)))
		.replace('{workers}', String(rng.int(8, 120)));
	return headcount >= 5 ? `群众${headcount}人集体${text}` : text;
}

const TOPICS: Record<Category, string> = {
	land: '征地拆迁补偿', labour: '拖欠工资', housing: '房屋交付及物业', legal: '涉法涉诉',
	rural: '农村土地及村务', environment: '环境污染', health: '医疗纠纷', education: '教育',
	civil: '社会救助', enterprise: '企业改制遗留', discipline: '基层干部作风', other: '其他'
};

/** 一案一档 title, with the petitioner masked (张某) as anything on a wall must be. */
export function caseTitle(place: string, surname: string, category: Category, items: number, persons: number): string {
	const name = surname ? `${surname}某` : '匿名信访人';
	const who = persons >= 5 ? `${name}等${persons}人` : items > 1 ? `${name}（${items}件）` : name;
	return `${place}${who}反映${TOPICS[category]}问题`;
}

/** 化解方案 in the usual 一案一策 wording. */
export function casePlan(leaderTitle: string, leadUnit: string, coUnits: string[]): string {
	const together = coUnits.length ? `，${coUnits.join('、')}配合做好稳控` : '';
	return `一案一策：${leaderTitle}牵头包案，${leadUnit}负责调查核实${together}；依法依规解决合理诉求，做好解释疏导和帮扶救助，限期化解。`;
}
