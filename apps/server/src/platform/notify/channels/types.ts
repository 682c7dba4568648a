/** What a channel needs to send one notification to one person. */
export interface OutboundMessage {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  recipient: { accountId: string; name: string; mobile: string; email: string | null };
}

export interface Channel {
  send(message: OutboundMessage): Promise<void>;
  close?(): void;
}
