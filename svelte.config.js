import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		typescript: {
			config: (tsconfig) => ({
				...tsconfig,
				compilerOptions: { ...tsconfig.compilerOptions, allowImportingTsExtensions: true }
			})
		}
	}
};

export default config;
