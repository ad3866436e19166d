package dev.swarmgate.config.dfp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserListTest {

    private static UserList.Listed user(String name, String password) {
        return new UserList.Listed(name, password);
    }

    @Test
    void commasAndNewlinesSeparateUsers() {
        assertThat(UserList.parse("a:1,b:2\nc:3\r\nd:4", false))
                .containsExactly(user("a", "1"), user("b", "2"), user("c", "3"), user("d", "4"));
    }

    @Test
    void itemsNamesAndPasswordsAreTrimmed() {
        assertThat(UserList.parse(" a : 1 ,\tb:2\t,\n\n", false)).containsExactly(user("a", "1"), user("b", "2"));
    }

    @Test
    void thePasswordIsEverythingAfterTheFirstColon() {
        assertThat(UserList.parse("a:pa:ss:word", false)).containsExactly(user("a", "pa:ss:word"));
    }

    @Test
    void anItemWithoutNameOrWithAnEmptyPasswordIsDropped() {
        assertThat(UserList.parse(":pw,b:,c:3", true)).containsExactly(user("c", "3"));
    }

    @Test
    void aUserWithoutColonIsKeptOnlyWhereItMayTakeItsPasswordFromElsewhere() {
        assertThat(UserList.parse("a,b:2", true)).containsExactly(user("a", null), user("b", "2"));
        assertThat(UserList.parse("a,b:2", false)).containsExactly(user("b", "2"));
    }

    @Test
    void theSeparatorSettingDoesNotApply() {
        assertThat(UserList.parse("a:1;b:2", false)).containsExactly(user("a", "1;b:2"));
    }

    @Test
    void toStringShowsNoPassword() {
        assertThat(user("a", "s3cret").toString()).doesNotContain("s3cret");
    }
}
