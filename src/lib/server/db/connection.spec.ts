import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connect, releasesOrigins } from './connection.ts';

/**
 * connect() patches a postgres.js internal (Query.prototype.handle) so each query's origin stack
 * is read as it runs and its call frames can be let go. If an upgrade renames or reshapes that
 * internal the patch would quietly not apply and node heaps grow again: these fail instead.
 * No query is sent: a pool connects only when a query is awaited.
 */
describe('the postgres.js internal that connect() patches', () => {
	const sql = connect('postgres://127.0.0.1:9/none', { max: 1 });
	type Q = { tagged: unknown; origin: unknown; args: unknown; handle?: unknown };

	it('is pinned to the exact version the patch was written against', () => {
		const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
		const installed = JSON.parse(readFileSync('node_modules/postgres/package.json', 'utf8'));
		expect(pkg.dependencies.postgres).toMatch(/^\d+\.\d+\.\d+$/); // no range: an upgrade is a decision
		expect(installed.version).toBe(pkg.dependencies.postgres);
		const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
		expect(lock.packages[''].dependencies.postgres).toBe(pkg.dependencies.postgres);
		expect(lock.packages['node_modules/postgres'].version).toBe(pkg.dependencies.postgres);
	});

	it('has the shape the patch reads: a handle() on the query prototype, tagged/origin/args on each query', () => {
		const fragment = sql`and id = ${1}`;
		const query = sql`select 1 where true ${fragment}` as unknown as Q;
		const proto = Object.getPrototypeOf(query) as Q & { then: () => unknown; execute: () => unknown };
		expect(Object.getPrototypeOf(fragment)).toBe(proto); // fragments are queries too
		expect(typeof proto.handle).toBe('function');
		expect(query.tagged).toBe(true);
		expect(Array.isArray(query.args)).toBe(true);
		expect((query.args as unknown[])[0]).toBe(fragment);
		expect(Object.getOwnPropertyDescriptor(proto, 'origin')?.get).toBeTypeOf('function');
		expect(typeof query.origin).toBe('string'); // the stack, read as a string
		// a query is sent through handle(): awaiting (then) and execute() both call it
		expect(String(proto.then)).toMatch(/this\.handle\(\)/);
		expect(String(proto.execute)).toMatch(/this\.handle\(\)/);
	});

	it('is patched on every pool connect() opens', () => {
		expect(releasesOrigins(sql)).toBe(true);
		const other = connect('postgres://127.0.0.1:9/other', { max: 1 });
		expect(releasesOrigins(other)).toBe(true);
	});
});
