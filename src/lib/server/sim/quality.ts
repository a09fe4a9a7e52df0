/**
 * 智能校对 for the demo history: each generated item is checked as registration would have
 * checked it, at the moment it was registered (or routed), so the counts per unit on the quality
 * page have real data behind them. Pure: rows for COPY into item_quality_warning.
 */
import { checkQuality } from '../../domain/quality.ts';
import type { CopyValue } from './copy.ts';
import type { Item, Petitioner } from './history.ts';
import type { Organs } from './organs.ts';
import type { Region } from './regions.ts';

export function* demoQualityRows(items: readonly Item[], petitioners: readonly Petitioner[], regions: readonly Region[], organs: Organs): Generator<CopyValue[]> {
	const byCode = new Map(regions.map((r) => [r.adcode, r]));
	for (const item of items) {
		const region = byCode.get(item.region)!;
		const unit = organs.units[item.unitId - 1];
		const petitioner = item.petitionerId === null ? null : petitioners[item.petitionerId - 1];
		const routedAt = item.life.routedAt === undefined ? null : new Date(item.life.routedAt);
		const checkedAt = routedAt ?? new Date(item.receivedAt);
		const warnings = checkQuality(
			{
				channel: item.channel,
				receivedAt: new Date(item.receivedAt),
				receivedTimeKnown: true,
				routedAt,
				region: { adcode: region.adcode, name: region.name, level: region.level },
				category: item.category,
				type: item.type,
				summary: item.summary,
				headcount: item.headcount,
				unit: { name: unit.name, region: unit.region, regionName: byCode.get(unit.region)!.name, sector: unit.sector },
				petitioner: petitioner && { name: petitioner.name, phone: petitioner.phone, idNumber: petitioner.idNumber }
			},
			checkedAt
		);
		for (const w of warnings) yield [item.id, w.code, w.field, w.message, checkedAt];
	}
}
