/** An operations command's refusal or failure an operator can act on: what is wrong, what to do. */
export class OpsError extends Error {
	readonly hint: string;
	constructor(message: string, hint: string) {
		super(message);
		this.name = 'OpsError';
		this.hint = hint;
	}
	toString(): string {
		return `${this.message}。${this.hint}。`;
	}
}
