// Sets of twenty published packages of application-like async code (SDK clients with token
// refresh, bots, database and queue clients, wallet SDKs) that no rule was tuned on and that
// neither the corpus, the real-bug benchmark, an earlier set nor issue 11's independent check
// uses. `npm run corpus -- --precision` lints the newest set once with the recommended preset so
// that every report can be judged by reading the code. A set is frozen once judged: never tune
// the rules on it; after a rule change, add and judge a fresh set.
import type { CorpusPackage } from './packages';

/** Judged in test/corpus/FINDINGS.md §6 (2026-12-02, first session). Frozen. */
const FIRST: readonly CorpusPackage[] = [
  { name: '@hubspot/api-client', version: '14.0.1', kind: 'http client' },
  { name: 'jsforce', version: '3.10.26', kind: 'http client' },
  { name: 'twitter-api-v2', version: '1.29.1', kind: 'http client' },
  { name: '@azure/identity', version: '4.14.1', kind: 'http client' },
  { name: 'oidc-client-ts', version: '3.5.0', kind: 'http client' },
  { name: '@okta/okta-auth-js', version: '8.0.1', kind: 'http client' },
  { name: 'stripe', version: '23.1.0', kind: 'http client' },
  { name: 'node-telegram-bot-api', version: '2.1.0', kind: 'realtime' },
  { name: '@slack/web-api', version: '8.2.0', kind: 'http client' },
  { name: 'tmi.js', version: '1.8.5', kind: 'realtime' },
  { name: 'nats', version: '2.29.3', kind: 'queue' },
  { name: 'mqtt', version: '5.16.0', kind: 'realtime' },
  { name: 'cassandra-driver', version: '4.10.0', kind: 'database' },
  { name: 'tedious', version: '20.4.0', kind: 'database' },
  { name: 'pg-boss', version: '12.38.0', kind: 'queue' },
  { name: 'agenda', version: '6.2.6', kind: 'queue' },
  { name: 'amqp-connection-manager', version: '5.0.0', kind: 'queue' },
  { name: '@elastic/elasticsearch', version: '9.5.1', kind: 'database' },
  { name: 'ethers', version: '6.17.0', kind: 'http client' },
  { name: '@coinbase/wallet-sdk', version: '4.4.0', kind: 'http client' },
];

/** Chosen before the second round of issue 11 and 12 changes was measured; judged in FINDINGS.md §7. Frozen. */
const SECOND: readonly CorpusPackage[] = [
  { name: 'dropbox', version: '10.47.0', kind: 'http client' },
  { name: 'box-node-sdk', version: '10.12.0', kind: 'http client' },
  { name: '@microsoft/microsoft-graph-client', version: '3.0.7', kind: 'http client' },
  { name: '@shopify/shopify-api', version: '15.0.0', kind: 'http client' },
  { name: '@azure/service-bus', version: '7.9.5', kind: 'queue' },
  { name: '@google-cloud/pubsub', version: '6.3.2', kind: 'queue' },
  { name: 'rhea', version: '3.0.5', kind: 'queue' },
  { name: 'rascal', version: '21.0.1', kind: 'queue' },
  { name: '@temporalio/client', version: '1.24.0', kind: 'queue' },
  { name: 'imapflow', version: '2.10.2', kind: 'realtime' },
  { name: 'nodemailer', version: '10.6.1', kind: 'realtime' },
  { name: 'ssh2', version: '1.17.0', kind: 'realtime' },
  { name: 'basic-ftp', version: '6.2.6', kind: 'realtime' },
  { name: 'whatsapp-web.js', version: '1.34.7', kind: 'realtime' },
  { name: 'eris', version: '0.18.0', kind: 'realtime' },
  { name: 'neo4j-driver-core', version: '6.3.0', kind: 'database' },
  { name: '@clickhouse/client', version: '1.23.1', kind: 'database' },
  { name: 'mssql', version: '12.7.16', kind: 'database' },
  { name: '@solana/web3.js', version: '1.99.0', kind: 'http client' },
  { name: '@polkadot/api', version: '17.0.1', kind: 'http client' },
];

/** Chosen after the second set was judged, before the changes that judgement led to were measured; judged in FINDINGS.md §7. Frozen. */
const THIRD: readonly CorpusPackage[] = [
  { name: '@microsoft/signalr', version: '10.0.11', kind: 'realtime' },
  { name: '@stomp/stompjs', version: '7.5.0', kind: 'realtime' },
  { name: 'ably', version: '2.28.0', kind: 'realtime' },
  { name: 'pusher-js', version: '8.6.0', kind: 'realtime' },
  { name: 'phoenix', version: '1.8.16', kind: 'realtime' },
  { name: 'mineflayer', version: '4.39.0', kind: 'realtime' },
  { name: 'irc-framework', version: '4.14.0', kind: 'realtime' },
  { name: 'vk-io', version: '4.10.1', kind: 'realtime' },
  { name: 'xrpl', version: '5.3.0', kind: 'http client' },
  { name: '@cosmjs/stargate', version: '0.39.0', kind: 'http client' },
  { name: '@taquito/taquito', version: '25.0.0', kind: 'http client' },
  { name: '@hashgraph/sdk', version: '2.81.0', kind: 'http client' },
  { name: '@google-cloud/storage', version: '8.4.0', kind: 'http client' },
  { name: '@notionhq/client', version: '5.26.0', kind: 'http client' },
  { name: 'postgres', version: '3.4.9', kind: 'database' },
  { name: 'mariadb', version: '3.5.4', kind: 'database' },
  { name: '@libsql/client', version: '0.18.0', kind: 'database' },
  { name: 'nano', version: '11.0.7', kind: 'database' },
  { name: 'oracledb', version: '26.0.0', kind: 'database' },
  { name: 'rhea-promise', version: '3.0.3', kind: 'queue' },
];

/** Chosen after the third set was judged, before the changes that judgement led to were measured; judged in FINDINGS.md §7. Frozen. */
const FOURTH: readonly CorpusPackage[] = [
  { name: '@twilio/conversations', version: '3.0.1', kind: 'realtime' },
  { name: 'centrifuge', version: '5.8.0', kind: 'realtime' },
  { name: 'faye', version: '1.4.3', kind: 'realtime' },
  { name: 'botbuilder', version: '4.23.3', kind: 'realtime' },
  { name: '@line/bot-sdk', version: '11.2.0', kind: 'http client' },
  { name: '@twurple/auth', version: '8.2.0', kind: 'http client' },
  { name: '@twurple/api', version: '8.2.0', kind: 'http client' },
  { name: 'sqs-consumer', version: '15.0.3', kind: 'queue' },
  { name: 'arangojs', version: '10.4.0', kind: 'database' },
  { name: '@opensearch-project/opensearch', version: '3.9.0', kind: 'database' },
  { name: '@influxdata/influxdb-client', version: '1.35.0', kind: 'database' },
  { name: 'pg-promise', version: '12.7.1', kind: 'database' },
  { name: 'slonik', version: '49.10.9', kind: 'database' },
  { name: '@mikro-orm/core', version: '7.2.5', kind: 'database' },
  { name: 'sqlite', version: '5.1.1', kind: 'database' },
  { name: 'near-api-js', version: '7.3.1', kind: 'http client' },
  { name: '@stellar/stellar-sdk', version: '17.2.0', kind: 'http client' },
  { name: 'algosdk', version: '3.8.0', kind: 'http client' },
  { name: 'tronweb', version: '6.5.1', kind: 'http client' },
  { name: '@aptos-labs/ts-sdk', version: '7.3.0', kind: 'http client' },
];

/** Chosen at the start of the third round (2026-12-02), before any build of that round was run on it; judged in FINDINGS.md §8. Frozen. */
const FIFTH: readonly CorpusPackage[] = [
  { name: '@slack/socket-mode', version: '3.1.0', kind: 'realtime' },
  { name: 'matrix-bot-sdk', version: '0.8.0', kind: 'realtime' },
  { name: 'socket.io-client', version: '4.8.4', kind: 'realtime' },
  { name: '@azure/event-hubs', version: '6.0.4', kind: 'queue' },
  { name: '@upstash/redis', version: '1.39.0', kind: 'database' },
  { name: '@neondatabase/serverless', version: '1.2.0', kind: 'database' },
  { name: '@planetscale/database', version: '1.20.2', kind: 'database' },
  { name: '@qdrant/js-client-rest', version: '1.19.0', kind: 'database' },
  { name: '@pinecone-database/pinecone', version: '9.0.0', kind: 'database' },
  { name: 'weaviate-client', version: '3.14.0', kind: 'database' },
  { name: '@azure/cosmos', version: '4.10.1', kind: 'database' },
  { name: '@google-cloud/firestore', version: '9.4.1', kind: 'database' },
  { name: 'openai', version: '7.59.0', kind: 'http client' },
  { name: '@anthropic-ai/sdk', version: '1.15.0', kind: 'http client' },
  { name: 'contentful-management', version: '12.18.0', kind: 'http client' },
  { name: '@azure/storage-blob', version: '12.34.0', kind: 'http client' },
  { name: 'minio', version: '8.0.7', kind: 'http client' },
  { name: '@mysten/sui', version: '2.33.1', kind: 'http client' },
  { name: 'starknet', version: '10.8.0', kind: 'http client' },
  { name: '@ton/ton', version: '16.3.0', kind: 'http client' },
];

/** Chosen after the fifth set was judged, before the changes that judgement led to were measured; judged in FINDINGS.md §8. Frozen. */
const SIXTH: readonly CorpusPackage[] = [
  { name: '@twurple/chat', version: '8.2.0', kind: 'realtime' },
  { name: '@xmpp/client', version: '0.14.0', kind: 'realtime' },
  { name: 'nostr-tools', version: '2.25.2', kind: 'realtime' },
  { name: '@google-cloud/spanner', version: '9.1.0', kind: 'database' },
  { name: '@google-cloud/bigquery', version: '9.3.0', kind: 'database' },
  { name: 'surrealdb', version: '2.0.8', kind: 'database' },
  { name: 'kysely', version: '0.29.9', kind: 'database' },
  { name: 'graphile-worker', version: '0.18.0', kind: 'queue' },
  { name: '@azure/storage-queue', version: '12.32.0', kind: 'queue' },
  { name: '@google-cloud/tasks', version: '7.1.0', kind: 'queue' },
  { name: 'twilio', version: '6.3.1', kind: 'http client' },
  { name: '@octokit/core', version: '7.0.8', kind: 'http client' },
  { name: '@linear/sdk', version: '98.0.0', kind: 'http client' },
  { name: '@mistralai/mistralai', version: '2.7.0', kind: 'http client' },
  { name: 'groq-sdk', version: '1.6.0', kind: 'http client' },
  { name: 'airtable', version: '0.12.2', kind: 'http client' },
  { name: '@coral-xyz/anchor', version: '0.32.1', kind: 'http client' },
  { name: '@ethersproject/providers', version: '5.8.0', kind: 'http client' },
  { name: '@safe-global/protocol-kit', version: '8.0.7', kind: 'http client' },
  { name: '@wagmi/core', version: '3.6.5', kind: 'http client' },
];

/** Chosen at the start of the fourth round (2026-12-02), before any change of that round was measured on it; judged in FINDINGS.md §10. Frozen. */
const SEVENTH: readonly CorpusPackage[] = [
  { name: 'keycloak-js', version: '26.2.4', kind: 'http client' },
  { name: '@atproto/api', version: '0.21.0', kind: 'http client' },
  { name: '@spotify/web-api-ts-sdk', version: '1.2.0', kind: 'http client' },
  { name: '@lifi/sdk', version: '4.3.0', kind: 'http client' },
  { name: '@web3auth/no-modal', version: '11.3.0', kind: 'http client' },
  { name: 'home-assistant-js-websocket', version: '9.7.0', kind: 'realtime' },
  { name: 'socketcluster-client', version: '20.0.2', kind: 'realtime' },
  { name: 'mediasoup-client', version: '3.24.1', kind: 'realtime' },
  { name: 'revolt.js', version: '7.2.0', kind: 'realtime' },
  { name: '@mtcute/core', version: '0.31.0', kind: 'realtime' },
  { name: 'rabbitmq-client', version: '5.0.8', kind: 'queue' },
  { name: '@cloudamqp/amqp-client', version: '4.1.1', kind: 'queue' },
  { name: 'node-resque', version: '9.7.1', kind: 'queue' },
  { name: 'inngest', version: '4.24.0', kind: 'queue' },
  { name: '@dbos-inc/dbos-sdk', version: '5.3.0', kind: 'queue' },
  { name: 'snowflake-sdk', version: '3.3.0', kind: 'database' },
  { name: '@databricks/sql', version: '2.1.0', kind: 'database' },
  { name: 'gel', version: '2.2.1', kind: 'database' },
  { name: 'rethinkdb-ts', version: '3.0.0', kind: 'database' },
  { name: '@powersync/common', version: '2.3.0', kind: 'database' },
];

/** Chosen after the seventh set was judged, before the changes that judgement led to were measured on it; judged in FINDINGS.md §10. Frozen. */
const EIGHTH: readonly CorpusPackage[] = [
  { name: '@salesforce/core', version: '9.4.0', kind: 'http client' },
  { name: '@workos-inc/node', version: '12.3.0', kind: 'http client' },
  { name: '@clerk/backend', version: '3.25.0', kind: 'http client' },
  { name: '@multiversx/sdk-core', version: '15.4.0', kind: 'http client' },
  { name: 'zksync-ethers', version: '6.21.1', kind: 'http client' },
  { name: 'stream-chat', version: '9.53.0', kind: 'realtime' },
  { name: 'oceanic.js', version: '1.15.0', kind: 'realtime' },
  { name: '@automerge/automerge-repo', version: '2.5.6', kind: 'realtime' },
  { name: '@rocicorp/zero', version: '1.9.0', kind: 'realtime' },
  { name: '@wppconnect-team/wppconnect', version: '2.3.3', kind: 'realtime' },
  { name: '@camunda8/sdk', version: '8.8.13', kind: 'queue' },
  { name: '@trigger.dev/sdk', version: '4.8.3', kind: 'queue' },
  { name: '@io-orkes/conductor-javascript', version: '4.0.0', kind: 'queue' },
  { name: 'groupmq', version: '1.1.0', kind: 'queue' },
  { name: 'bunqueue', version: '2.9.5', kind: 'queue' },
  { name: 'ravendb', version: '7.2.6', kind: 'database' },
  { name: 'rxdb', version: '17.6.0', kind: 'database' },
  { name: '@datastax/astra-db-ts', version: '2.3.0', kind: 'database' },
  { name: '@valkey/valkey-glide', version: '2.5.2', kind: 'database' },
  { name: 'dynamoose', version: '4.2.0', kind: 'database' },
];

/** Chosen after the eighth set was judged, before the change that judgement led to was measured on it; judged in FINDINGS.md §10. */
const NINTH: readonly CorpusPackage[] = [
  { name: '@zerodev/sdk', version: '5.5.10', kind: 'http client' },
  { name: 'permissionless', version: '0.4.1', kind: 'http client' },
  { name: '@blockfrost/blockfrost-js', version: '6.2.0', kind: 'http client' },
  { name: '@dfinity/agent', version: '3.4.3', kind: 'http client' },
  { name: 'square', version: '46.0.0', kind: 'http client' },
  { name: '@instantdb/core', version: '1.0.67', kind: 'realtime' },
  { name: '@nostr-dev-kit/ndk', version: '3.0.3', kind: 'realtime' },
  { name: 'graphql-ws', version: '6.4.2', kind: 'realtime' },
  { name: 'janode', version: '1.8.0', kind: 'realtime' },
  { name: '@electric-sql/client', version: '1.5.28', kind: 'realtime' },
  { name: 'kafka-ts', version: '1.5.0', kind: 'queue' },
  { name: 'memphis-dev', version: '1.3.2', kind: 'queue' },
  { name: '@langchain/langgraph', version: '1.7.3', kind: 'queue' },
  { name: '@boringnode/queue', version: '0.6.0', kind: 'queue' },
  { name: '@convex-dev/workpool', version: '0.4.16', kind: 'queue' },
  { name: 'meilisearch', version: '0.62.0', kind: 'database' },
  { name: 'chromadb', version: '3.5.0', kind: 'database' },
  { name: 'pouchdb', version: '9.0.0', kind: 'database' },
  { name: 'drizzle-orm', version: '0.45.4', kind: 'database' },
  { name: '@seald-io/nedb', version: '4.1.2', kind: 'database' },
];

export const PRECISION_SETS: Readonly<Record<string, readonly CorpusPackage[]>> = { first: FIRST, second: SECOND, third: THIRD, fourth: FOURTH, fifth: FIFTH, sixth: SIXTH, seventh: SEVENTH, eighth: EIGHTH, ninth: NINTH };

/** The set `--precision` lints unless `--precision-set` names another. */
export const NEWEST_PRECISION_SET = 'ninth';
