import type { Db } from '../db/connection.ts';
import { LIGHTS, noLights, type LightCounts, type OverdueItem } from '../../screen/wall.ts';
import type { View } from './wall-volume.ts';

const TOP_UNITS = 8;
const TOP_ITEMS = 8;

/** Open items by light now, overall and per area, from rollup_state. */
export async function readLights(tx: Db, view: View, areas: string[]) {
	const rows = await tx<{ area: string; light: keyof LightCounts; items: number }[]>`
		select r.path[${view.depth}] as area, s.light, sum(s.items)::int as items
		  from ${tx(view.source.state)} s join region r on r.adcode = s.region
		 where s.light = any(${LIGHTS}::text[]) and ${view.adcode} = any(r.path) and array_length(r.path, 1) >= ${view.depth}
		 group by 1, 2`;
	const lights = noLights();
	const lightsByArea = Object.fromEntries(areas.map((a) => [a, noLights()])) as Record<string, LightCounts>;
	for (const row of rows) {
		lights[row.light] += row.items;
		(lightsByArea[row.area] ??= noLights())[row.light] += row.items;
	}
	return { lights, lightsByArea };
}

/** The units with the most overdue items (from rollup_state), and the oldest overdue items (the partial light index). */
export async function readOverdue(tx: Db, view: View) {
	const [overdueUnits, overdueItems] = await Promise.all([
		tx<{ unitId: number; name: string; red: number }[]>`
		select s.unit_id as "unitId", coalesce(u.name, '未交办') as name, sum(s.items)::int as red
		  from ${tx(view.source.state)} s join region r on r.adcode = s.region left join unit u on u.id = s.unit_id
		 where s.light = 'red' and ${view.adcode} = any(r.path) and array_length(r.path, 1) >= ${view.depth}
		 group by 1, 2 having sum(s.items) > 0
		 order by 3 desc, 1
		 limit ${TOP_UNITS}`,
		tx<OverdueItem[]>`
		select i.id::int, i.serial, i.region, i.category, u.name as unit, i.clock_due::text as "clockDue"
		  from region r join petition_item i on i.region = r.adcode and i.light = 'red'
		  left join unit u on u.id = i.unit_id
		 where ${view.adcode} = any(r.path) and array_length(r.path, 1) >= ${view.depth}
		 order by i.clock_due, i.id
		 limit ${TOP_ITEMS}`
	]);
	return { overdueUnits, overdueItems };
}
