// A client session with token refresh and request accounting.
declare function refreshToken(previous: string): Promise<string>;
declare function send(url: string, token: string): Promise<Response>;

export class Session {
  private token = '';
  private requests = 0;
  private bytesReceived = 0;

  async request(url: string): Promise<string> {
    const count = this.requests;
    const response = await send(url, this.token);
    this.requests = count + 1;
    const body = await response.text();
    this.bytesReceived += body.length;
    return body;
  }

  async rotate(): Promise<void> {
    const previous = this.token;
    const next = await refreshToken(previous);
    if (next !== previous) {
      this.token = next;
    }
  }
}
