/**
 * Made-up people: names from common surnames, 18-digit 居民身份证号码 with a correct GB 11643
 * check digit, mobile numbers. Every person here is fictitious; any match with a real one is chance.
 */
import { idCheckDigit } from '../../domain/identity.ts';
import { weightTable, type Random } from './random.ts';

export { idCheckDigit, isValidIdNumber } from '../../domain/identity.ts';

/** Surnames common in Shandong, roughly by frequency. */
const SURNAMES = weightTable<string>({
	王: 80, 张: 75, 李: 75, 刘: 60, 杨: 30, 孙: 30, 陈: 25, 赵: 25, 徐: 20, 马: 20, 高: 20, 于: 20,
	董: 15, 宋: 15, 郭: 15, 魏: 12, 田: 12, 韩: 12, 朱: 12, 吕: 10, 崔: 10, 曹: 10, 侯: 10, 姜: 10,
	周: 10, 吴: 10, 冯: 8, 胡: 8, 许: 8, 尹: 8, 孟: 6, 邢: 6, 薛: 6, 范: 6, 孔: 5, 颜: 3, 曾: 3,
	欧阳: 0.5, 司马: 0.3
});
const MALE = '建国志明永德成海文俊军强伟刚勇杰涛磊鹏飞洪庆林波宝福贵春立新兵峰亮东华振传广'.split('');
const FEMALE = '秀玉兰桂凤芳丽红梅霞英娟艳敏静燕萍琳雪慧洁婷倩晓云菊荣美彩翠爱珍'.split('');
const EITHER = '子一晨欣雨思佳嘉宇浩梓文明春海金'.split('');

export type Person = { name: string; male: boolean; birth: string };

/** A name and a birth date; age at `on` is mostly 35–70, as petitioners tend to be. */
export function person(rng: Random, on: Date): Person {
	const male = rng.chance(0.58);
	const pool = male ? MALE : FEMALE;
	const given = () => (rng.chance(0.15) ? rng.pick(EITHER) : rng.pick(pool));
	const name = rng.weighted(SURNAMES) + given() + (rng.chance(0.7) ? given() : '');
	const age = Math.round(Math.min(85, Math.max(20, rng.normal(52, 12))));
	const birthMs = Date.UTC(on.getUTCFullYear() - age, 0, 1) - rng.int(0, 364) * 86_400_000;
	return { name, male, birth: new Date(birthMs).toISOString().slice(0, 10) };
}

/** 地址码 + 出生日期码 + 顺序码 (odd for men) + 校验码. `sequence` is 0–499, doubled into the parity. */
export function idNumber(addressCode: string, birth: string, male: boolean, sequence: number): string {
	const order = String(sequence * 2 + (male ? 1 : 0)).padStart(3, '0');
	const first17 = addressCode + birth.replaceAll('-', '') + order;
	return first17 + idCheckDigit(first17);
}

const PREFIXES = '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 176 177 178 180 181 182 183 185 186 187 188 189 199'.split(' ');

export function mobile(rng: Random): string {
	return rng.pick(PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** The surname, for masked forms such as 张某 or 张*. */
export const surnameOf = (name: string) => (name.length > 2 && ['欧阳', '司马'].includes(name.slice(0, 2)) ? name.slice(0, 2) : name[0]);
