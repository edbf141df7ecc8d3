import { Logo } from "@/app/_components/ui";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="mb-8">
        <Logo />
      </div>
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">{children}</div>
      <p className="mt-6 text-xs text-slate-500">SCIM provisioning for your customers&apos; identity providers</p>
    </main>
  );
}
