import nodemailer from 'nodemailer';
import type { Sender } from './worker.ts';

/** E-mail over SMTP: LETTER_SMTP_URL such as smtp://user:pass@mail.example.gov.cn:587. */
export function smtpSender(url: string, from: string): Sender {
	const transport = nodemailer.createTransport(url);
	return async (notice) => {
		const info = await transport.sendMail({ from, to: notice.target, subject: notice.subject, text: String(notice.body.text ?? '') });
		return `已送达 ${info.accepted.join(', ')}（${info.response}）`;
	};
}

/** JSON POST to a webhook (an SMS gateway takes it); any 2xx is delivered. */
export function webhookSender(timeoutMs = 10_000): Sender {
	return async (notice) => {
		const response = await fetch(notice.target, {
			method: 'POST',
			headers: { 'content-type': 'application/json; charset=utf-8' },
			body: JSON.stringify(notice.body),
			signal: AbortSignal.timeout(timeoutMs)
		});
		const text = (await response.text()).slice(0, 200);
		if (!response.ok) throw new Error(`HTTP ${response.status} ${text}`);
		return `HTTP ${response.status} ${text}`;
	};
}
