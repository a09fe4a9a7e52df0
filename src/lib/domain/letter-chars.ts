/**
 * Characters a letter must not carry: default-ignorable and formatting code points print as a
 * box or a stray mark ("CGJ", "张-三") or nothing at all, so they are refused, each named.
 */
const NAMES: Record<number, string> = {
	0x00ad: '软连字符',
	0x034f: '组合用字素连接符 CGJ',
	0x061c: '阿拉伯字母标记',
	0x115f: '朝鲜文初声填充符',
	0x1160: '朝鲜文中声填充符',
	0x180e: '蒙古文元音分隔符',
	0x200b: '零宽空格',
	0x200c: '零宽非连接符',
	0x200d: '零宽连接符',
	0x200e: '从左到右标记',
	0x200f: '从右到左标记',
	0x2060: '字连接符',
	0x3164: '朝鲜文填充符',
	0xfeff: '零宽不换行空格（BOM）',
	0xffa0: '半角朝鲜文填充符'
};

const REFUSED = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Co}\p{Cn}]/u;

const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** What a refused character is called: its code point and, where known, its Chinese name. */
export function charName(char: string): string {
	const code = char.codePointAt(0)!;
	const name = NAMES[code] ?? (code >= 0xfe00 && code <= 0xfe0f ? `变体选择符 ${code - 0xfe00 + 1}` : code >= 0xe0100 && code <= 0xe01ef ? `变体选择符 ${code - 0xe0100 + 17}` : /\p{Co}/u.test(char) ? '私用区字符' : /\p{Cn}/u.test(char) ? '未分配的码位' : '格式控制字符');
	return `${hex(code)}（${name}）`;
}

/** The refused characters of a text, once each, in order of first appearance. */
export function refusedChars(text: string): string[] {
	return [...new Set(Array.from(text).filter((c) => REFUSED.test(c)))];
}

/** A refusal naming the field and every refused character, or null. */
export function refuseChars(label: string, text: string): string | null {
	const found = refusedChars(text);
	return found.length ? `${label}中有不能印出的字符：${found.map(charName).join('、')}，请删除后再试` : null;
}
