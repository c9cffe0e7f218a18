-- AlterTable
ALTER TABLE "deployment_schedule" ADD COLUMN     "catchup" TEXT,
ADD COLUMN     "active_since" TIMESTAMPTZ(3);

-- Existing schedules became active in their current form when last updated.
UPDATE "deployment_schedule" SET "active_since" = "updated";

-- CreateIndex
CREATE INDEX "deployment_updated_idx" ON "deployment"("updated");

-- CreateIndex
CREATE INDEX "deployment_schedule_updated_idx" ON "deployment_schedule"("updated");
