// Twenty published packages of application-like async code (SDK clients with token refresh,
// bots, database and queue clients, a wallet SDK) that no rule was tuned on and that neither the
// corpus, the real-bug benchmark nor issue 11's independent check uses. `npm run corpus --
// --precision` lints them once with the recommended preset so that every report can be judged
// by reading the code. Never tune the rules on them: after a rule change, judge a fresh set.
import type { CorpusPackage } from './packages';

export const PRECISION_SET: readonly CorpusPackage[] = [
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
