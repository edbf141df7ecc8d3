import { IssuedTokenProvider } from "./issued-token";

export default function ScimLayout({ children }: { children: React.ReactNode }) {
  return <IssuedTokenProvider>{children}</IssuedTokenProvider>;
}
