import { describe, expect, it } from 'vitest';
import { queryOf } from './period.ts';

describe('queryOf', () => {
	it('keeps the page parameters and drops the form action a no-JavaScript post renders at', () => {
		expect(queryOf(new URL('http://x/items?/search'))).toEqual({});
		expect(queryOf(new URL('http://x/items?page=2&/search&status=accepted'))).toEqual({ page: '2', status: 'accepted' });
	});

	it('keeps an unknown parameter for the page to refuse', () => {
		expect(queryOf(new URL('http://x/items?pg=2'))).toEqual({ pg: '2' });
	});
});
