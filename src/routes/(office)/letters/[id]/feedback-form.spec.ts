import { describe, expect, it } from 'vitest';
import { ACCEPTED_KINDS, readFeedbackForm } from './feedback-form.ts';

const post = (...files: File[]) => {
	const data = new FormData();
	data.set('text', '已按要求召开协调会，形成会议纪要。');
	for (const file of files) data.append('attachment', file);
	return readFeedbackForm(new Request('http://localhost/letters/1', { method: 'POST', body: data }));
};

describe('反馈 attachments', () => {
	it('accepts the kinds it names', async () => {
		expect(ACCEPTED_KINDS).toBe('PDF、图片、Word、Excel、文本');
		const read = await post(new File(['%PDF-1.4'], '会议纪要.pdf', { type: 'application/pdf' }), new File(['x'], '照片.jpg', { type: 'image/jpeg' }));
		expect(read.ok && read.files.map((f) => f.filename)).toEqual(['会议纪要.pdf', '照片.jpg']);
	});

	it('refuses another type naming the file and the accepted kinds in Chinese, never the MIME type', async () => {
		const read = await post(new File(['MZ'], '整改报告.exe', { type: 'application/x-ms-dos-executable' }));
		expect(read).toEqual({ ok: false, status: 400, field: 'attachment', message: '不支持的附件类型：整改报告.exe（只接受 PDF、图片、Word、Excel、文本）' });
	});
});
