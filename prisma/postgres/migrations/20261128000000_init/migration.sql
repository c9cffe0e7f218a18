-- CreateTable
CREATE TABLE "flow" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created" TIMESTAMPTZ(3) NOT NULL,
    "updated" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment" (
    "id" TEXT NOT NULL,
    "flow_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "tags" JSONB NOT NULL,
    "parameters" JSONB NOT NULL,
    "work_queue_name" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "created" TIMESTAMPTZ(3) NOT NULL,
    "updated" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployment_schedule" (
    "id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "schedule" JSONB NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "max_scheduled_runs" INTEGER,
    "parameters" JSONB NOT NULL,
    "slug" TEXT,
    "created" TIMESTAMPTZ(3) NOT NULL,
    "updated" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deployment_schedule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_run" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "flow_id" TEXT NOT NULL,
    "deployment_id" TEXT,
    "deployment_schedule_id" TEXT,
    "work_queue_name" TEXT,
    "parameters" JSONB NOT NULL,
    "tags" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "auto_scheduled" BOOLEAN NOT NULL DEFAULT false,
    "state_type" TEXT NOT NULL,
    "state_name" TEXT NOT NULL,
    "expected_start_time" TIMESTAMPTZ(3) NOT NULL,
    "next_scheduled_start_time" TIMESTAMPTZ(3),
    "created" TIMESTAMPTZ(3) NOT NULL,
    "updated" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "flow_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flow_run_state" (
    "id" TEXT NOT NULL,
    "flow_run_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "message" TEXT,
    "scheduled_time" TIMESTAMPTZ(3),

    CONSTRAINT "flow_run_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "flow_name_key" ON "flow"("name");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_flow_id_name_key" ON "deployment"("flow_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_schedule_deployment_id_key_key" ON "deployment_schedule"("deployment_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_schedule_deployment_id_slug_key" ON "deployment_schedule"("deployment_id", "slug");

-- CreateIndex
CREATE INDEX "flow_run_schedule_state_time_idx" ON "flow_run"("deployment_schedule_id", "state_type", "auto_scheduled", "expected_start_time");

-- CreateIndex
CREATE INDEX "flow_run_deployment_time_idx" ON "flow_run"("deployment_id", "expected_start_time");

-- CreateIndex
CREATE INDEX "flow_run_time_idx" ON "flow_run"("expected_start_time");

-- CreateIndex
CREATE UNIQUE INDEX "flow_run_flow_id_idempotency_key_key" ON "flow_run"("flow_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "flow_run_state_flow_run_id_idx" ON "flow_run_state"("flow_run_id");

-- AddForeignKey
ALTER TABLE "deployment" ADD CONSTRAINT "deployment_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_schedule" ADD CONSTRAINT "deployment_schedule_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "flow_run_flow_id_fkey" FOREIGN KEY ("flow_id") REFERENCES "flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "flow_run_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run" ADD CONSTRAINT "flow_run_deployment_schedule_id_fkey" FOREIGN KEY ("deployment_schedule_id") REFERENCES "deployment_schedule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flow_run_state" ADD CONSTRAINT "flow_run_state_flow_run_id_fkey" FOREIGN KEY ("flow_run_id") REFERENCES "flow_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
