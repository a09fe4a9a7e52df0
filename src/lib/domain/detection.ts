/**
 * Detection at the source: what registration (form, API, import) and the simulator decide about a
 * new item, in one place — 越级 (by the body that received it), 重复信访 (against the same person's
 * earlier items) and 群体访 (by headcount). The outcome is stored on the item with its reasons.
 */
import { groupVisit, skipLevelByRegion } from './escalation.ts';
import { findRepeat, type MatchedFactor, type PetitionSignature } from './repeats.ts';
import type { Rules } from './rules.ts';
import { channels, type Channel } from './vocabulary.ts';

/** A new item as detection sees it: its signature, its people, and the body it reached. */
export type Arriving = PetitionSignature & {
	headcount: number;
	/** 越级上访 is a visit's: letters, calls and online petitions may go to any level */
	channel: Channel;
	/**
	 * Adcode of the body that received it (the registering office's scope, an upstream system's
	 * scope; 100000 for the national system). The competent body is the item's own region (属地).
	 */
	receivedBy: string;
};

/** What is stored on the item (petition_item.detection) and shown on its page. */
export type Detection = {
	skipLevel: { isSkipLevel: boolean; levelsUp: number; receivedBy: string; explanation: string };
	repeat: { earlierId: string; score: number; similarity: number; matched: MatchedFactor[]; reason: string } | null;
	group: { isGroupVisit: boolean; headcount: number; threshold: number; explanation: string };
};

type DetectionRules = Pick<Rules, 'repeatWindowDays' | 'repeatMatch' | 'groupThreshold'>;

/** The signals of an arriving item against the earlier items it could repeat. */
export function detect(item: Arriving, earlier: PetitionSignature[], rules: DetectionRules): Detection {
	const skip = visitSkipLevel(item.channel, skipLevelByRegion(item.region, item.receivedBy));
	const found = findRepeat(item, earlier, rules);
	const group = groupVisit(item.headcount, rules);
	return {
		skipLevel: { isSkipLevel: skip.isSkipLevel, levelsUp: skip.levelsUp, receivedBy: item.receivedBy, explanation: skip.explanation },
		repeat: found && {
			earlierId: String(found.earlierId),
			score: found.score,
			similarity: found.similarity,
			matched: found.matched,
			reason: found.reason
		},
		group: { isGroupVisit: group.isGroupVisit, headcount: item.headcount, threshold: rules.groupThreshold, explanation: group.explanation }
	};
}

/**
 * 越级 is judged on visits only: a visit must go to the competent body at its level or one level up
 * (《信访工作条例》on 走访), while a letter, a call or an online petition may reach any level. Other
 * channels keep the levels counted, and are not marked.
 */
function visitSkipLevel(channel: Channel, byRegion: ReturnType<typeof skipLevelByRegion>): ReturnType<typeof skipLevelByRegion> {
	if (channel === 'visit' || !byRegion.isSkipLevel) return byRegion;
	return { ...byRegion, isSkipLevel: false, explanation: `${byRegion.explanation.replace(/，属越级$/, '')}；${channels[channel]}不是走访，不按越级上访认定` };
}

/**
 * Which earlier items are worth matching: with `requireSamePerson` only the same person's (the
 * registration query fetches exactly those); otherwise also items on the same place and category.
 */
export function candidateFilter(rules: Pick<Rules, 'repeatMatch'>): 'person' | 'person-or-place' {
	return rules.repeatMatch.requireSamePerson ? 'person' : 'person-or-place';
}
