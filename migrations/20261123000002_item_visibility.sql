-- Who may see an item, in one place, so that every page, count and export asks the same
-- question: the secretariat and admins see everything, drafts included; a unit head the
-- published items their unit leads or helps with; a leader the published items they answer
-- for; a viewer every published item.
CREATE FUNCTION item_visible_to(p_item_id bigint, p_status item_status, p_leader_id bigint,
                                p_role user_role, p_unit_id bigint, p_user_id bigint)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE
        WHEN p_role IN ('admin', 'secretariat') THEN true
        WHEN p_status IN ('draft', 'dismissed') THEN false
        WHEN p_role = 'unit_head' THEN EXISTS (
            SELECT 1 FROM item_units iu WHERE iu.item_id = p_item_id AND iu.unit_id = p_unit_id)
        WHEN p_role = 'leader' THEN EXISTS (
            SELECT 1 FROM leaders l WHERE l.id = p_leader_id AND l.user_id = p_user_id)
        ELSE true
    END
$$;
