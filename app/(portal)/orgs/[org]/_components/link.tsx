// Links of the portal's tabs do not prefetch. Every page here is dynamic and re-rendered
// on each live change (router.refresh), and Next prefetches every visible link again after
// a refresh: a Users page of 50 rows would cost 50 extra server renders per SCIM change —
// during a full resync, thousands — and slow the very refresh the admin is waiting for.
import NextLink from "next/link";
import type { ComponentProps } from "react";

export function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
