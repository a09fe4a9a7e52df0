import { describe, expect, it } from 'vitest';
import { shortUnitName } from './unit-name.ts';

describe('shortUnitName', () => {
	it.each([
		['济南市章丘区住房和城乡建设局', '济南市章丘区住建局'],
		['济南市济阳区人力资源和社会保障局', '济南市济阳区人社局'],
		['青岛市生态环境局', '青岛市生态环境局'],
		
		['山东省卫生健康委员会', '山东省卫健委'],
		['济南市国有资产监督管理委员会', '济南市国资委'],
		['济南市教育局', '济南市教育局'],
		['历下区信访局', '历下区信访局']
	])('%s → %s', (name, short) => expect(shortUnitName(name)).toBe(short));
});
