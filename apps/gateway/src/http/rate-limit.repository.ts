import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** After this many failed logins in a row, an account's next attempt waits (doubling each time, up to LOGIN_MAX_LOCK_S). */
export const LOGIN_FREE_FAILURES = 5;
export const LOGIN_MAX_LOCK_S = 15 * 60;

/**
 * Rate-limit counters in PostgreSQL, shared by every gateway replica: each request is one
 * upsert of its tracker's fixed-window counter (accounts.rate_limits). Expired rows are reused in
 * place and deleted now and then.
 */
@Injectable()
export class RateLimitRepository implements ThrottlerStorage {
  private lastPurge = 0;

  constructor(private readonly em: EntityManager) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const [row] = await this.em.fork().execute<Array<{ hits: number; seconds: number }>>(
      `insert into "accounts"."rate_limits" as r ("key", "hits", "expires_at") values (?, 1, now() + ? * interval '1 millisecond')
       on conflict ("key") do update set
         "hits" = case when r."expires_at" <= now() then 1 else r."hits" + 1 end,
         "expires_at" = case when r."expires_at" <= now() then excluded."expires_at" else r."expires_at" end
       returning "hits", ceil(extract(epoch from r."expires_at" - now()))::int as "seconds"`,
      [key, ttl],
    );
    this.purgeNowAndThen();
    const seconds = Math.max(1, row!.seconds);
    const isBlocked = row!.hits > limit;
    return { totalHits: row!.hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }

  /** Seconds an account must still wait before its next login attempt; 0 when it may try now. */
  async loginWait(email: string): Promise<number> {
    const [row] = await this.em
      .fork()
      .execute<Array<{ seconds: number }>>(`select greatest(0, ceil(extract(epoch from "locked_until" - now())))::int as "seconds" from "accounts"."login_failures" where "email" = ?`, [email]);
    return row?.seconds ?? 0;
  }

  /** A failed login: past LOGIN_FREE_FAILURES in a row, the account waits 1, 2, 4 ... s (at most LOGIN_MAX_LOCK_S). */
  async loginFailed(email: string): Promise<void> {
    await this.em.fork().execute(
      `insert into "accounts"."login_failures" as f ("email", "failures", "locked_until", "updated_at") values (?, 1, null, now())
       on conflict ("email") do update set
         "failures" = f."failures" + 1,
         "locked_until" = case when f."failures" + 1 > ? then now() + least(power(2, f."failures" - ?), ?) * interval '1 second' else null end,
         "updated_at" = now()`,
      [email, LOGIN_FREE_FAILURES, LOGIN_FREE_FAILURES, LOGIN_MAX_LOCK_S],
    );
  }

  async loginSucceeded(email: string): Promise<void> {
    await this.em.fork().execute(`delete from "accounts"."login_failures" where "email" = ?`, [email]);
  }

  private purgeNowAndThen(): void {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    void this.em
      .fork()
      .execute(`delete from "accounts"."rate_limits" where "expires_at" < now() - interval '1 minute'`)
      .catch(() => undefined); // best effort: the next purge retries
  }
}
