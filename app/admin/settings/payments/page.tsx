import type { Metadata } from "next";
import { GatewaySettingsForm } from "@/components/billing/admin/gateway-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/guards";
import { listGatewayConfigs } from "@/lib/payments";
import { GATEWAY_SECRET_FIELDS } from "@/lib/payments/config";

export const metadata: Metadata = { title: "Payment gateways" };

const SHOWN = ["stripe", "paypal", "bank_transfer", "credit"] as const;

export default async function PaymentSettingsPage() {
  await requireStaff("settings.write");
  const configs = (await listGatewayConfigs()).filter((c) => (SHOWN as readonly string[]).includes(c.gateway));
  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Payment gateways"
        description="Which ways to pay customers are offered. Secrets are stored encrypted and never shown again after saving."
      />
      {configs.map((config) => (
        <Card as="section" key={config.gateway} aria-labelledby={`gw-${config.gateway}`}>
          <CardHeader className="flex-row flex-wrap items-center justify-between gap-3">
            <CardTitle id={`gw-${config.gateway}`}>{config.displayName}</CardTitle>
            <span className="flex flex-wrap gap-1.5">
              {config.enabled ? <Badge tone="success">On</Badge> : <Badge>Off</Badge>}
              {(config.gateway === "stripe" || config.gateway === "paypal") &&
                (config.configured ? <Badge tone="info">{config.testMode ? "Test mode" : "Live"}</Badge> : <Badge tone="warning">Keys missing</Badge>)}
            </span>
          </CardHeader>
          <CardContent>
            <GatewaySettingsForm
              config={{ ...config, publicConfig: config.publicConfig }}
              secretFields={[...(GATEWAY_SECRET_FIELDS[config.gateway] as readonly string[])]}
            />
          </CardContent>
        </Card>
      ))}
    </div>
  );
}
