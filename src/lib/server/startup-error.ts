/**
 * A start-up problem an operator can fix: printed as one line (what is wrong, what to do),
 * then the process exits non-zero. Anything else is a bug and keeps its stack.
 */
export class StartupError extends Error {
	readonly hint: string;
	constructor(message: string, hint: string) {
		super(message);
		this.name = 'StartupError';
		this.hint = hint;
	}
	toString(): string {
		return `启动失败：${this.message}。${this.hint}。`;
	}
}
