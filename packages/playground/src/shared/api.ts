// The JSON the playground's server and page exchange (browser-safe: no node: imports).
// The HTTP routes are listed in packages/playground/README.md.

export interface PortLink {
  port: number;
  /** Path link through the playground: /p/<instance>/<port>/ */
  url: string;
}

export interface InstanceJson {
  /** Random, DNS-label safe: port links carry it (/p/<id>/<port>/, <id>-<port>.<playhost>). */
  id: string;
  name: string;       // node1, node2, ...
  ip: string;         // address on the session network
  memoryBytes: number;
  cpuPercent: number;
  ports: PortLink[];
}

export interface SessionJson {
  id: string;
  expiresAt: string;  // RFC 3339
  access: 'rw' | 'ro';
  /** The token the caller holds (rw or ro); the page sends it back as `Authorization: Bearer` or `?t=`. */
  token: string;
  instances: InstanceJson[];
  shareLinks?: { rw: string; ro: string }; // only for rw access
}

export interface ErrorJson {
  message: string;
  /** Seconds after which trying again may succeed (out of capacity). */
  retryAfter?: number;
}

export interface LabStepJson {
  title: string;
  /** The step's text in Markdown; fenced code blocks are typed into the terminal on click. */
  markdown: string;
  /** True when the step has a Check button. */
  check: boolean;
}

export interface LabJson {
  id: string;         // "01-first-instance", ...
  title: string;
  steps: LabStepJson[];
}

export interface CheckResultJson {
  ok: boolean;
  /** What was found, in the lab's language: shown under the Check button. */
  message: string;
}
