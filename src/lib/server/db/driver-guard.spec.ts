import { describe, expect, it } from 'vitest';
import { isDeferredWriteAfterClose } from './driver-guard.ts';

describe('isDeferredWriteAfterClose', () => {
	const crash = () => {
		const error = new TypeError("Cannot read properties of null (reading 'write')");
		error.stack = `${error.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:574:21)`;
		return error;
	};

	it("recognises the driver's deferred write after the database closed the connection", () => {
		expect(isDeferredWriteAfterClose(crash())).toBe(true);
	});

	it('lets every other error through to the default handling', () => {
		expect(isDeferredWriteAfterClose(new TypeError("Cannot read properties of null (reading 'write')"))).toBe(false); // not from the driver
		const elsewhere = crash();
		elsewhere.stack = elsewhere.stack!.replace('postgres/src/connection.js', 'src/lib/server/feed/socket.ts');
		expect(isDeferredWriteAfterClose(elsewhere)).toBe(false);
		const other = crash();
		Object.defineProperty(other, 'message', { value: "Cannot read properties of null (reading 'end')" });
		expect(isDeferredWriteAfterClose(other)).toBe(false);
		expect(isDeferredWriteAfterClose(new Error('boom'))).toBe(false);
		expect(isDeferredWriteAfterClose('write')).toBe(false);
	});
});
