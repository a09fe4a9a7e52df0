import type { Db } from '../db/connection.ts';
import type { RedisClient } from '../redis.ts';
import { createRateLimiter, type RateLimiter } from './rate-limit.ts';

/**
 * Who may try a password now (等保: limit guessing, but never let a stranger lock a person out).
 * Three buckets:
 * - per address (`ip:`, 10 then 5 a minute): a spray of many accounts from one address;
 * - per account and address (`pair:`, the same): a focused guess at one account from one address;
 * - per account (`user:`, 30 then 5 a minute): a guess spread over many addresses, counted only
 *   from addresses the account has not signed in from lately. One address alone can never empty
 *   it (it gets 10, then the same 5 a minute the bucket refills), so a stranger at one address
 *   locks nobody out; many addresses can, but then only for new addresses: the owner at an address
 *   they used before is never held by what strangers did elsewhere.
 * Only failures count: a sign-in that succeeds gives back the tokens it spent (forgive).
 */
export type SignInLimits = { perAddress: RateLimiter; perAccount: RateLimiter };

export function createSignInLimits(redis: RedisClient | null, prefix: string): SignInLimits {
	return {
		perAddress: createRateLimiter({ capacity: 10, perMinute: 5, redis, prefix: `${prefix}:signin` }),
		perAccount: createRateLimiter({ capacity: 30, perMinute: 5, redis, prefix: `${prefix}:signin-account` })
	};
}
export type Attempt = { ip: string; username: string };

const keys = ({ ip, username }: Attempt) => ({ address: `ip:${ip}`, pair: `pair:${username}|${ip}`, account: `user:${username}` });

/** How long an address stays the account's own after a successful sign-in from it. */
export const KNOWN_ADDRESS_DAYS = 90;

/** Admitted or not, and the buckets the attempt spent (a refusal spends none of the bucket that refused). */
export type Admission = { admitted: boolean; spent: [RateLimiter, string][] };

export async function admitSignIn(limits: SignInLimits, attempt: Attempt, knownAddress: () => Promise<boolean>): Promise<Admission> {
	const k = keys(attempt);
	const spent: [RateLimiter, string][] = [];
	const buckets: [RateLimiter, string][] = [[limits.perAddress, k.address], [limits.perAddress, k.pair]];
	if (!(await knownAddress())) buckets.push([limits.perAccount, k.account]);
	for (const [limiter, key] of buckets) {
		if (!(await limiter.take(key))) return { admitted: false, spent };
		spent.push([limiter, key]);
	}
	return { admitted: true, spent };
}

/** A sign-in that went well: the tokens it spent come back (never one it did not spend). */
export async function forgiveSignIn(admission: Admission): Promise<void> {
	await Promise.all(admission.spent.map(([limiter, key]) => limiter.refund(key)));
}

/** Whether the account signed in successfully from this address within KNOWN_ADDRESS_DAYS (the audit log keeps it). */
export async function signedInFrom(sql: Db, username: string, ip: string): Promise<boolean> {
	const rows = await sql`
		select 1 from audit_log a join app_user u on u.id = a.user_id
		 where u.username = ${username} and a.action = 'auth.sign_in' and a.ip = ${ip}
		   and a.at > now() - make_interval(days => ${KNOWN_ADDRESS_DAYS}) limit 1`;
	return rows.length > 0;
}
