import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/api/openapi.ts';

/** The API's description (OpenAPI 3.1), public like any interface document; the endpoints themselves want a token. */
export function GET() {
	return json(openApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
