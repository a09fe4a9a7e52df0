import { documentResponse } from '../document.ts';

/** The record copy (PDF), printed on first request if printing failed at issue. */
export const GET = ({ locals, params }) => documentResponse(locals, params.id, 'pdf');
