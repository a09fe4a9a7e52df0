import { describe, expect, it } from 'vitest';
import { charName, refuseChars, refusedChars } from './letter-chars.ts';

describe('characters a letter refuses', () => {
	it.each([
		['\u034F', 'U+034F（组合用字素连接符 CGJ）'],
		['\u00AD', 'U+00AD（软连字符）'],
		['\uFE0F', 'U+FE0F（变体选择符 16）'],
		['\u200B', 'U+200B（零宽空格）'],
		['\u200D', 'U+200D（零宽连接符）'],
		['\u2066', 'U+2066（格式控制字符）'],
		['\uE000', 'U+E000（私用区字符）'],
		['\u{E0101}', 'U+E0101（变体选择符 18）']
	])('refuses %j, naming it %s', (char, name) => {
		expect(refusedChars(`张${char}三`)).toEqual([char]);
		expect(charName(char)).toBe(name);
		expect(refuseChars('事由', `张${char}三`)).toBe(`事由中有不能印出的字符：${name}，请删除后再试`);
	});

	it('lets ordinary text through: Chinese, digits, punctuation, line breaks, names beyond GB 2312', () => {
		expect(refusedChars('经督查，370102-20261001-000017 逾期 3 天。\n来访人张玥、李堃、吉𠮷。')).toEqual([]);
		expect(refuseChars('抄送', '济南市信访局')).toBeNull();
	});

	it('names each refused character once, in order', () => {
		expect(refusedChars('a\u00ADb\u034Fc\u00AD')).toEqual(['\u00AD', '\u034F']);
	});
});
