// 瞭望 Liaowang production server: SvelteKit (build/handler.js) and Socket.io on one port.
import { main } from './src/lib/server/main.ts';

await main(process.argv.slice(2));
