// The real-bug benchmark's case list (cases.json): published versions of npm packages before and
// after a historical concurrency fix, and where a correct tool reports the bug. Only metadata is
// committed; the code is fetched with `npm pack` (test/corpus/packages.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export type CaseKind = 'race' | 'lock' | 'fan-out';
export type Split = 'dev' | 'held-out';

export interface RealBugCase {
  /** Stable, unique, kebab-case: the split is derived from it. */
  id: string;
  kind: CaseKind;
  package: string;
  /** A published version with the bug, and the first published version with the fix. */
  buggy: string;
  fixed: string;
  /** Path inside the package (the published file, often compiled JavaScript). */
  file: string;
  /** The path in the fixed version, when the file moved. */
  fixedFile?: string;
  /** The line of the buggy version a correct tool reports (the write, the early return, the fan-out…). */
  line: number;
  /** Other lines of the same bug a correct report may point at instead (the check of a check-then-act). */
  otherLines?: number[];
  /** The line in the fixed version where the repaired code stands: reports of the expected rule near it are false. */
  fixedLine: number;
  /** The rule that should report it (without the `interleave/` prefix); it may not exist yet. */
  rule: string;
  /** The fix: commit, pull request or issue. */
  link: string;
  description: string;
  split: Split;
}

export const SPLITS: readonly Split[] = ['dev', 'held-out'];
export const KINDS: readonly CaseKind[] = ['race', 'lock', 'fan-out'];

/**
 * The split is decided by the id alone, before any rule runs on the case: the first byte of
 * SHA-256(id) below 86 (about one third) keeps the case aside.
 */
export function splitOf(id: string): Split {
  return createHash('sha256').update(id).digest()[0]! < 86 ? 'held-out' : 'dev';
}

export function loadCases(file = path.join(__dirname, 'cases.json')): RealBugCase[] {
  return JSON.parse(readFileSync(file, 'utf8')) as RealBugCase[];
}

/** Kept for an independent check (issue 11): no case may come from these repositories or packages. */
const KEPT_REPOSITORIES = [
  'MetaMask/core', 'WhiskeySockets/Baileys', 'deathandmayhem/jolly-roger', 'eggjs/tegg', 'emmercm/igir',
  'ethereumjs/ethereumjs-monorepo', 'firebase/firebase-admin-node', 'grammyjs/grammY', 'holepunchto/corestore',
  'justkey007/tsc-alias', 'matrix-org/matrix-js-sdk', 'microsoft/durabletask-js', 'nickbabcock/jomini', 'node-red/node-red',
  'openfga/js-sdk', 'parcel-bundler/parcel', 'simonlast/node-persist', 'telegraf/telegraf', 'amplitude/Amplitude-TypeScript',
  'Surnet/graphql-amqp-subscriptions', 'ueberdosis/hocuspocus', 'vercel/flags', 'vitejs/vite', 'vercel/swr',
  'REditorSupport/vscode-r-lsp', 'ChainSafe/bls', 'Unleash/unleash', 'elsa-workflows/elsa-core',
  'paritytech/polkadot-testnet-faucet', 'Expensify/react-native-onyx', 'auth0/auth0-spa-js', 'mattermost/mattermost-mobile',
];
export const KEPT_PACKAGES = [
  '@metamask/network-controller', '@metamask/accounts-controller', '@metamask/permission-controller',
  '@metamask/gas-fee-controller', '@metamask/signature-controller', '@metamask/multichain-account-service',
  '@metamask/bridge-controller', '@metamask/user-operation-controller', '@metamask/seedless-onboarding-controller',
  '@walletconnect/core', '@walletconnect/sign-client', '@ledgerhq/hw-transport', '@supabase/auth-js', 'google-auth-library',
  '@azure/msal-node', 'openid-client', 'puppeteer-core', '@discordjs/rest', 'grammy', '@slack/bolt', 'keyv', 'cache-manager',
  'dataloader', 'abstract-level', 'piscina', 'chokidar', 'telegram', 'isomorphic-git',
];

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/;

/** Every problem of the list, one sentence each: empty when the list is well-formed. */
export function validateCases(cases: readonly RealBugCase[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of cases) {
    const name = entry.id ?? '(no id)';
    const problem = (text: string) => problems.push(`${name}: ${text}`);
    if (!ID.test(entry.id ?? '')) problem('the id is not kebab-case.');
    if (seen.has(entry.id)) problem('the id is used twice.');
    seen.add(entry.id);
    if (!KINDS.includes(entry.kind)) problem(`the kind \`${entry.kind}\` is not one of ${KINDS.join(', ')}.`);
    if (!entry.package) problem('the package is missing.');
    if (!VERSION.test(entry.buggy ?? '') || !VERSION.test(entry.fixed ?? '')) problem('the buggy and fixed versions must be exact versions.');
    if (entry.buggy === entry.fixed) problem('the buggy and fixed versions are the same.');
    if (!entry.file) problem('the file is missing.');
    for (const line of [entry.line, entry.fixedLine, ...(entry.otherLines ?? [])]) {
      if (!Number.isInteger(line) || line < 1) problem(`the line \`${line}\` is not a positive integer.`);
    }
    if (!/^[a-z0-9-]+$/.test(entry.rule ?? '')) problem('the rule must be a bare rule name.');
    if (!/^https:\/\/github\.com\/[^/]+\/[^/]+\/(?:pull|commit|issues|compare|releases)\//.test(entry.link ?? '')) problem('the link must be a GitHub pull request, commit, issue or release.');
    const repository = /^https:\/\/github\.com\/([^/]+\/[^/]+)\//.exec(entry.link ?? '')?.[1]?.toLowerCase();
    if (KEPT_REPOSITORIES.some((kept) => kept.toLowerCase() === repository)) problem(`${repository} is kept for an independent check.`);
    if (KEPT_PACKAGES.includes(entry.package)) problem(`${entry.package} is kept for an independent check.`);
    if (!entry.description) problem('the description is missing.');
    if (entry.split !== splitOf(entry.id)) problem(`the split must be \`${splitOf(entry.id)}\` (derived from the id).`);
  }
  return problems;
}
