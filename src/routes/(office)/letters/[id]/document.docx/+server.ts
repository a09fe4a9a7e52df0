import { documentResponse } from '../document.ts';

/** The editable copy for Word / WPS. */
export const GET = ({ locals, params }) => documentResponse(locals, params.id, 'docx');
