-- CreateTable
CREATE TABLE "scheduler_pass" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "started" TIMESTAMPTZ(3) NOT NULL,
    "finished" TIMESTAMPTZ(3) NOT NULL,
    "now" TIMESTAMPTZ(3) NOT NULL,
    "deployments_scanned" INTEGER NOT NULL,
    "runs_inserted" INTEGER NOT NULL,
    "runs_caught_up" INTEGER NOT NULL DEFAULT 0,
    "slots_missed" INTEGER NOT NULL DEFAULT 0,
    "runs_marked_late" INTEGER NOT NULL,
    "errors" JSONB NOT NULL,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "scheduler_pass_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_change" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "deployment_name" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "runs_deleted" INTEGER NOT NULL,

    CONSTRAINT "deployment_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "scheduler_pass_started_idx" ON "scheduler_pass"("started");

-- CreateIndex
CREATE INDEX "deployment_change_deployment_at_idx" ON "deployment_change"("deployment_id", "at");

-- CreateIndex
CREATE INDEX "deployment_change_at_idx" ON "deployment_change"("at");

-- Late marking's seek (README "Operating"): only runs still named Scheduled are indexed
-- (the future ones and those nobody started); runs that ran or became Late drop out, so the
-- index does not grow with the history. Prisma's schema language cannot express a partial
-- index; it lives here only.
CREATE INDEX "flow_run_late_idx" ON "flow_run"("next_scheduled_start_time") WHERE "state_name" = 'Scheduled';
