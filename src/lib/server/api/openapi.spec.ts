import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { actions } from '../../domain/lifecycle.ts';
import { eventInputs } from './event-types.ts';
import { openApiDocument } from './openapi.ts';

const ROUTES = new URL('../../../routes/api/', import.meta.url).pathname;

/** Every endpoint under src/routes/api as "METHOD /path/{param}", from the route files themselves. */
async function routeOperations(): Promise<string[]> {
	const files = (await readdir(ROUTES, { recursive: true })).filter((f) => f.endsWith('+server.ts'));
	const ops: string[] = [];
	for (const file of files) {
		const source = await readFile(ROUTES + file, 'utf8');
		const path = `/api/${file.replace(/\/?\+server\.ts$/, '')}`.replace(/\[(\w+)\]/g, '{$1}');
		for (const [, method] of source.matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)) ops.push(`${method} ${path}`);
	}
	return ops.sort();
}

describe('the OpenAPI description at /api/v1/openapi.json', () => {
	const doc = openApiDocument();

	it('is OpenAPI 3.1 and describes exactly the routes that exist, with every method they answer', async () => {
		expect(doc.openapi).toBe('3.1.0');
		const described = Object.entries(doc.paths)
			.flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
			.sort();
		const routes = await routeOperations();
		expect(routes).toContain('POST /api/v1/items/{serial}/events');
		expect(routes).toContain('GET /api/v1/items');
		expect(described).toEqual(routes);
	});

	it('names every lifecycle transition as an event type, each with the inputs the endpoint checks', () => {
		const op = doc.paths['/api/v1/items/{serial}/events'].post;
		const mapping = op.requestBody.content['application/json'].schema.discriminator.mapping;
		expect(Object.keys(mapping).sort()).toEqual([...actions].sort());
		for (const action of actions) {
			const schema = doc.components.schemas[`Event_${action}`] as { properties: { type: { const: string }; input: { properties: Record<string, unknown>; required: string[] } } };
			expect(schema, action).toBeDefined();
			expect(schema.properties.type.const).toBe(action);
			expect(Object.keys(schema.properties.input.properties).sort()).toEqual(Object.keys(eventInputs[action]).sort());
			expect(op.description).toContain(action);
		}
	});

	it('resolves every $ref it uses', () => {
		const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
		expect(refs.length).toBeGreaterThan(20);
		for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
	});
});
