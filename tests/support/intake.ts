import type { Sql } from '../../src/lib/server/db/connection.ts';
import { idCheckDigit } from '../../src/lib/domain/identity.ts';
import type { Registrar } from '../../src/lib/server/intake/register.ts';
import { seedRegions } from './fixtures.ts';

/** A valid 18-digit ID number from 17 digits. */
export const idNumberOf = (first17: string) => first17 + idCheckDigit(first17);

/** Regions of the fixtures, a second 市中区 (枣庄) to make the name ambiguous, and units in them. */
export async function seedIntake(sql: Sql) {
	await seedRegions(sql);
	await sql`insert into region (adcode, name, level, parent, path) values ('370400', '枣庄市', 'city', '370000', '{370000,370400}')`;
	await sql`insert into region (adcode, name, level, parent, path) values ('370402', '市中区', 'county', '370400', '{370000,370400,370402}')`;
	const units: Record<string, number> = {};
	for (const [key, name, region, sector] of [
		['lixiaLabour', '济南市历下区人力资源和社会保障局', '370102', '人社'],
		['lixiaPetition', '济南市历下区信访局', '370102', '信访'],
		['lixiaEducation', '济南市历下区教育和体育局', '370102', '教育'],
		['jinanLabour', '济南市人力资源和社会保障局', '370100', '人社'],
		['shizhongLabour', '济南市市中区人力资源和社会保障局', '370103', '人社'],
		['shinanLabour', '青岛市市南区人力资源和社会保障局', '370202', '人社']
	] as const) {
		const [row] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values (${name}, ${region}, 'government', ${sector}) returning id`;
		units[key] = row.id;
	}
	const [user] = await sql<{ id: number }[]>`
		insert into app_user (username, display_name, password_hash, role, scope_region)
		values ('jinan.ducha', '济南市督查督办科', 'not-a-real-hash', 'supervisor', '370100') returning id`;
	const registrar: Registrar & { userId: number } = { scope: '370100', actor: '济南市督查督办科', userId: user.id, username: 'jinan.ducha', apiClientId: null, ip: '127.0.0.1' };
	return { units, registrar };
}
