import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('the read replica settings', () => {
	it('are off by default, with a 10-second lag limit', () => {
		expect(readConfig({})).toMatchObject({ databaseReplicaUrl: undefined, replicaMaxLagSeconds: 10 });
	});
	it('take a postgres URL and a lag limit in seconds', () => {
		const config = readConfig({ DATABASE_REPLICA_URL: 'postgres://liaowang:pw@10.0.0.12:5432/liaowang', DATABASE_REPLICA_MAX_LAG: '30' });
		expect(config).toMatchObject({ databaseReplicaUrl: 'postgres://liaowang:pw@10.0.0.12:5432/liaowang', replicaMaxLagSeconds: 30 });
	});
	it('refuse a bad value, naming the setting', () => {
		expect(() => readConfig({ DATABASE_REPLICA_URL: 'mysql://x@y/z' })).toThrow('环境变量 DATABASE_REPLICA_URL 的协议 mysql: 不受支持');
		expect(() => readConfig({ DATABASE_REPLICA_URL: 'not a url' })).toThrow('环境变量 DATABASE_REPLICA_URL 不是有效的地址');
		expect(() => readConfig({ DATABASE_REPLICA_MAX_LAG: '0' })).toThrow('环境变量 DATABASE_REPLICA_MAX_LAG=0 无效');
	});
});
