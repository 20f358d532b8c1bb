/** Who a logged-in connection belongs to. */
export interface SessionUser {
  id: number;
  uuid: string;
  username: string;
}
